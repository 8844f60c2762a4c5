"""The CA, the server certificate and the wrong-host certificate, made with trustme, kept in the state directory.

Reused when all five files exist, so clients that already trust ca.pem keep
working across restarts; regenerated together otherwise (the CA's private key
is not kept, so a lone ca.pem cannot sign a new server certificate).
"""

import os
import ssl

import trustme

from .files import write_atomically

# The server answers on loopback only; these are the names clients may use for it.
SERVER_NAMES = ("127.0.0.1", "::1", "localhost")
# The certificate of the wrong-host listener: signed by the same CA, for a name that is not ours.
WRONG_HOST_NAME = "wrong-host.vb365sim.invalid"


def paths(state_dir):
    return {name: os.path.join(state_dir, name)
            for name in ("ca.pem", "server.pem", "server-key.pem", "wrong-host.pem", "wrong-host-key.pem")}


def ensure(state_dir):
    """Create the files when needed; return their paths by name."""
    files = paths(state_dir)
    if all(os.path.exists(path) for path in files.values()):
        return files
    ca = trustme.CA(organization_name="vb365sim test CA")
    cert = ca.issue_cert(*SERVER_NAMES)
    write_atomically(files["ca.pem"], ca.cert_pem.bytes())
    write_atomically(files["server.pem"], b"".join(blob.bytes() for blob in cert.cert_chain_pems))
    write_atomically(files["server-key.pem"], cert.private_key_pem.bytes(), mode=0o600)
    wrong = ca.issue_cert(WRONG_HOST_NAME)
    write_atomically(files["wrong-host.pem"], b"".join(blob.bytes() for blob in wrong.cert_chain_pems))
    write_atomically(files["wrong-host-key.pem"], wrong.private_key_pem.bytes(), mode=0o600)
    return files


def server_context(files, prefix="server"):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(files[prefix + ".pem"], files[prefix + "-key.pem"])
    return context
