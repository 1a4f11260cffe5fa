"""Certificates: issuing on confirmation, PDF rendering, public verification, revocation, bulk export."""
