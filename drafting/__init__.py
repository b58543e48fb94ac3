"""draft: county report sections from a year's figures in YAML to GB/T 9704 DOCX.

Pipeline (one direction): load -> validate -> compose -> document tree -> write.
Modules are named by role: ``loader``, ``model``, ``registry``, ``compose``, ``tree``,
``styles``, ``docx_writer`` (the only importer of python-docx), ``text_writer``,
``package`` (zip-level determinism and fingerprints), ``output`` and ``cli``.
"""

__version__ = "0.1.0"
