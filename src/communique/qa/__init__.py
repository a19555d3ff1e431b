"""Quality assurance: the checks, the publishing gate, and the reports of ``check`` and
``status``."""
