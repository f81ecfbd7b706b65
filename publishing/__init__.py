"""Upload, import, review and correct, publish and withdraw meetings' papers."""
