"""citetool's own CSL styles (mdpi, acs, apa), installed as the package ``citetool.styles``."""
