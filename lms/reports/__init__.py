"""Monitoring: completion statistics, the dashboard, drill-down and report exports."""
