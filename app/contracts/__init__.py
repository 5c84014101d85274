"""Service contracts and the expiry rule."""
