"""Safety: hotline numbers by country and the record of escalations for caseworkers."""
