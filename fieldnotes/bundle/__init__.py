"""Bundles: signed, age-encrypted BagIt bags in a tar, from a researcher to a coordinator.

``layout`` holds the format (names, tag files, limits), ``tarstream`` the strict ustar writer and
reader, ``select`` what an export holds (consent, incremental), ``payload`` the export's
threaded byte stream, ``writer`` the export, ``reader`` the verified stream of a bundle,
``importer`` verify and import, ``receipts`` the coordinator's signed receipt and purging what
it confirms.
"""
