"""Case exchange: JSON and Excel import and export in the format `fireinvest-cases/1`.

The GUI and the command line use the same three entry points; long work reports (done, total) through a plain
callback that can cancel by returning False (see progress.py).
"""

from fireinvest.exchange.exporter import (
    case_record_with_deadlines,
    deadline_record,
    export_cases_file,
    write_case_records,
)
from fireinvest.exchange.importer import ImportReport, import_cases_file
from fireinvest.exchange.json_file import write_json_cases
from fireinvest.exchange.record import FORMAT_TAG
from fireinvest.services.progress import OperationCancelled, ProgressCallback

__all__ = [
    "FORMAT_TAG",
    "ImportReport",
    "OperationCancelled",
    "ProgressCallback",
    "case_record_with_deadlines",
    "write_case_records",
    "deadline_record",
    "export_cases_file",
    "import_cases_file",
    "write_json_cases",
]
