"""Small widgets of the review app, each named after what the user sees."""
