"""draft: county report sections from a year's figures in YAML to GB/T 9704 DOCX.

Pipeline (one direction): load -> validate -> compose -> document tree -> write.
Modules are named by role: ``loader``, ``model``, ``registry``, ``compose``, ``tree``,
``styles``, ``docx_writer`` (entry of the DOCX writer: ``measure``, ``docx_styles``, ``docx_body``,
``docx_package`` — the only importer of python-docx — and ``docx_names``, shared with ``docx_reader``),
``text_writer``, ``package`` (zip-level determinism and fingerprints), ``output`` and ``cli``.
"""

__version__ = "0.1.0"
