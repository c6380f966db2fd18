"""Database: models and the engine/session factory."""
