"""Operations: backups and restore, the production server command, the health check."""
