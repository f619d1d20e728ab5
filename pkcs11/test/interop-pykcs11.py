#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Interoperability with PyKCS11, run in the guest as root by
# interop-pykcs11.sh on an initialised token: a scripted session (open,
# login, EC P-256 key pair, sign, find objects, logout), the signature
# verified by python3-cryptography from the exported CKA_EC_POINT.
# Prints one "ok"/"FAIL" line per step and "pykcs11: N passed, N failed"
# for its own steps; exit status non-zero on any failure.
#
# usage: interop-pykcs11.py MODULE SLOT PIN
import sys
import traceback

import PyKCS11
from PyKCS11.LowLevel import CKA_EC_POINT, CKA_EC_PARAMS
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, utils

mod, slot, pin = sys.argv[1], int(sys.argv[2]), sys.argv[3]
passed = failed = 0
state = {}

# DER of the OID prime256v1 (1.2.840.10045.3.1.7).
P256 = bytes.fromhex("06082a8648ce3d030107")
DATA = b"data to be signed by khsm through PyKCS11"


def step(name, fn):
    global passed, failed
    try:
        fn()
        passed += 1
        print("ok   " + name)
    except Exception:  # pylint: disable=broad-except
        failed += 1
        print("FAIL " + name)
        traceback.print_exc(file=sys.stdout)


def load():
    lib = PyKCS11.PyKCS11Lib()
    lib.load(mod)
    state["lib"] = lib


def slot_listed():
    assert slot in state["lib"].getSlotList(tokenPresent=True)
    info = state["lib"].getTokenInfo(slot)
    assert info.label.strip() == "pykcs11 test", info.label


def open_login():
    s = state["lib"].openSession(slot, PyKCS11.CKF_SERIAL_SESSION |
                                 PyKCS11.CKF_RW_SESSION)
    s.login(pin)
    state["s"] = s


def wrong_pin():
    s = state["lib"].openSession(slot, PyKCS11.CKF_SERIAL_SESSION)
    try:
        s.login("0000bad0")
    except PyKCS11.PyKCS11Error as e:
        assert e.value == PyKCS11.CKR_PIN_INCORRECT, e
    else:
        raise AssertionError("a wrong PIN logged in")
    finally:
        s.closeSession()


def genkey():
    ident = b"\x50\x59"
    pub_t = [(PyKCS11.CKA_CLASS, PyKCS11.CKO_PUBLIC_KEY),
             (PyKCS11.CKA_KEY_TYPE, PyKCS11.CKK_EC),
             (PyKCS11.CKA_TOKEN, True), (PyKCS11.CKA_VERIFY, True),
             (PyKCS11.CKA_EC_PARAMS, P256),
             (PyKCS11.CKA_LABEL, "pykcs11-ec"), (PyKCS11.CKA_ID, ident)]
    priv_t = [(PyKCS11.CKA_CLASS, PyKCS11.CKO_PRIVATE_KEY),
              (PyKCS11.CKA_KEY_TYPE, PyKCS11.CKK_EC),
              (PyKCS11.CKA_TOKEN, True), (PyKCS11.CKA_PRIVATE, True),
              (PyKCS11.CKA_SENSITIVE, True), (PyKCS11.CKA_SIGN, True),
              (PyKCS11.CKA_LABEL, "pykcs11-ec"), (PyKCS11.CKA_ID, ident)]
    pub, priv = state["s"].generateKeyPair(
        pub_t, priv_t, mecha=PyKCS11.MechanismECGENERATEKEYPAIR)
    state["pub"], state["priv"] = pub, priv


def sign():
    sig = state["s"].sign(state["priv"], DATA,
                          PyKCS11.Mechanism(PyKCS11.CKM_ECDSA_SHA256, None))
    state["sig"] = bytes(sig)
    assert len(state["sig"]) == 64, len(state["sig"])


def export_point():
    point, params = state["s"].getAttributeValue(
        state["pub"], [CKA_EC_POINT, CKA_EC_PARAMS])
    point, params = bytes(point), bytes(params)
    assert params == P256, params.hex()
    # A DER OCTET STRING around the uncompressed point.
    assert point[:3] == b"\x04\x41\x04", point[:3].hex()
    state["key"] = ec.EllipticCurvePublicKey.from_encoded_point(
        ec.SECP256R1(), point[2:])


def verify():
    sig = state["sig"]
    der = utils.encode_dss_signature(int.from_bytes(sig[:32], "big"),
                                     int.from_bytes(sig[32:], "big"))
    state["key"].verify(der, DATA, ec.ECDSA(hashes.SHA256()))


def bad_sig_rejected():
    sig = bytearray(state["sig"])
    sig[5] ^= 1
    der = utils.encode_dss_signature(int.from_bytes(sig[:32], "big"),
                                     int.from_bytes(sig[32:], "big"))
    try:
        state["key"].verify(der, DATA, ec.ECDSA(hashes.SHA256()))
    except Exception:  # pylint: disable=broad-except
        return
    raise AssertionError("a corrupted signature verified")


def token_verifies():
    state["s"].verify(state["pub"], DATA, state["sig"],
                      PyKCS11.Mechanism(PyKCS11.CKM_ECDSA_SHA256, None))


def find():
    s = state["s"]
    privs = s.findObjects([(PyKCS11.CKA_CLASS, PyKCS11.CKO_PRIVATE_KEY),
                           (PyKCS11.CKA_LABEL, "pykcs11-ec")])
    pubs = s.findObjects([(PyKCS11.CKA_CLASS, PyKCS11.CKO_PUBLIC_KEY),
                          (PyKCS11.CKA_ID, b"\x50\x59")])
    none = s.findObjects([(PyKCS11.CKA_LABEL, "no such object")])
    assert len(privs) == 1 and len(pubs) == 1 and not none, \
        (privs, pubs, none)
    assert privs[0].value() == state["priv"].value()
    # Sensitive: CKA_VALUE unreadable, the other attribute still returned.
    vals = s.getAttributeValue(privs[0], [PyKCS11.CKA_VALUE,
                                          PyKCS11.CKA_SIGN])
    assert vals[0] is None and vals[1] in (True, 1, [1], (1,)), vals


def logout():
    s = state["s"]
    s.logout()
    # Private objects are invisible once logged out.
    privs = s.findObjects([(PyKCS11.CKA_CLASS, PyKCS11.CKO_PRIVATE_KEY)])
    assert not privs, privs
    s.closeSession()


step("load the module", load)
step("token listed with its label", slot_listed)
step("wrong PIN refused", wrong_pin)
step("open session and login", open_login)
step("generate EC P-256 key pair", genkey)
step("ECDSA-SHA256 sign", sign)
step("export CKA_EC_POINT and CKA_EC_PARAMS", export_point)
step("python3-cryptography verifies the signature", verify)
step("python3-cryptography rejects a corrupted signature", bad_sig_rejected)
step("the token verifies its own signature", token_verifies)
step("find objects (exact matches)", find)
step("logout hides private objects", logout)
print("pykcs11-session: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
