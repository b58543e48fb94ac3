"""draft: county report sections from a year's figures in YAML to GB/T 9704 DOCX.

Pipeline (one direction): load -> validate -> compose -> document tree -> write.
Modules are named by role; docs/architecture.md says what each one does.
"""

__version__ = "0.1.0"
