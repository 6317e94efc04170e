"""Writers: one module per output data format, each ``write(items) -> str``."""
