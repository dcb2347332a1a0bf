"""Scanners for the tests (settings.MOTCUA_ANTIVIRUS names one of them)."""

from motcua.files.antivirus import ScannerUnavailable, Verdict

EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


class RejectingScanner:
    """Finds the EICAR test string anywhere in the file, as ClamAV does."""

    def scan(self, stream) -> Verdict:
        stream.seek(0)
        found = EICAR in stream.read()
        stream.seek(0)
        return Verdict(False, "Eicar-Test-Signature") if found else Verdict(True)


class DownScanner:
    def scan(self, stream) -> Verdict:
        raise ScannerUnavailable("connection refused")
