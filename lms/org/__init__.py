"""Organisational units: the province, its communes and wards, departments and their sub-units."""
