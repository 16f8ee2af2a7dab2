# SPDX-License-Identifier: GPL-3.0-or-later
# Tests of the desktop client's incoming-flow pieces (dms_gui_flow), each built
# when its part is (app/desktop/CMakeLists.txt, DMS_GUI_PARTS). Included from
# tests/CMakeLists.txt.
set(DMS_APP_TESTS ${CMAKE_CURRENT_SOURCE_DIR}/app)

if("print" IN_LIST DMS_GUI_PARTS)
    dms_add_test(${DMS_APP_TESTS}/tst_Barcode.cpp LIBS dms_gui_flow LABELS gui TIMEOUT 60)
    # Printed to PDF files, read back with pdftotext/pdfinfo and zbarimg (zbar-tools).
    foreach(test tst_ReceiptPrinter tst_StampLabelPrinter)
        dms_add_test(${DMS_APP_TESTS}/${test}.cpp LIBS dms_gui_flow LABELS gui integration TIMEOUT 60)
    endforeach()
endif()

if("scan" IN_LIST DMS_GUI_PARTS)
    dms_add_test(${DMS_APP_TESTS}/tst_ScanPageModel.cpp LIBS dms_gui_flow LABELS gui TIMEOUT 60)
    dms_add_test(${DMS_APP_TESTS}/tst_ScanDocumentWriter.cpp LIBS dms_gui_flow LABELS gui TIMEOUT 60)
    # The real SANE "test" backend in the test's own SANE_CONFIG_DIR.
    if(TARGET dms_scanning_sane)
        dms_add_test(${DMS_APP_TESTS}/tst_ScanPanel.cpp LIBS dms_gui_flow dms_sane_fixtures LABELS gui integration TIMEOUT 120)
    endif()
endif()

if("signing" IN_LIST DMS_GUI_PARTS AND "document" IN_LIST DMS_GUI_PARTS
   AND TARGET dms_test_locking_pkcs11)
    dms_add_test(${DMS_APP_TESTS}/tst_PinDialog.cpp LIBS dms_gui_flow LABELS gui TIMEOUT 60)
    # SoftHSM2 behind the card-like locking shim (tests/signing/fixtures), the project's test PKI.
    dms_add_test(${DMS_APP_TESTS}/tst_CertifyDialog.cpp LIBS dms_gui_flow LABELS gui integration TIMEOUT 120)
    target_include_directories(tst_CertifyDialog PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/signing)
    target_compile_definitions(tst_CertifyDialog PRIVATE
        DMS_SIGNING_FIXTURE_SCRIPT="${CMAKE_CURRENT_SOURCE_DIR}/signing/fixtures/make-test-pki.sh"
        DMS_LOCKING_PKCS11_MODULE="$<TARGET_FILE:dms_test_locking_pkcs11>")
    add_dependencies(tst_CertifyDialog dms_test_locking_pkcs11)
endif()

if("document" IN_LIST DMS_GUI_PARTS)
    dms_add_test(${DMS_APP_TESTS}/tst_DocumentView.cpp LIBS dms_gui_flow LABELS gui TIMEOUT 60)
    dms_add_test(${DMS_APP_TESTS}/tst_SignatureModel.cpp LIBS dms_gui_flow LABELS gui TIMEOUT 60)
    # The verification/trust_anchors setting, with a CA made by the openssl command line.
    dms_add_test(${DMS_APP_TESTS}/tst_TrustAnchors.cpp LIBS dms_gui_flow LABELS gui TIMEOUT 60)
endif()

# The incoming flow end to end in the main window: SANE "test" backend, PDF printers,
# SoftHSM2 behind the locking shim, the embedded office (both engines).
if("scan" IN_LIST DMS_GUI_PARTS AND "print" IN_LIST DMS_GUI_PARTS AND "signing" IN_LIST DMS_GUI_PARTS
   AND TARGET dms_scanning_sane AND TARGET dms_test_locking_pkcs11)
    dms_add_test(${DMS_APP_TESTS}/tst_IncomingFlow.cpp LIBS dms_gui dms_sane_fixtures LABELS gui integration TIMEOUT 120)
    target_include_directories(tst_IncomingFlow PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/signing)
    target_compile_definitions(tst_IncomingFlow PRIVATE
        DMS_SIGNING_FIXTURE_SCRIPT="${CMAKE_CURRENT_SOURCE_DIR}/signing/fixtures/make-test-pki.sh"
        DMS_LOCKING_PKCS11_MODULE="$<TARGET_FILE:dms_test_locking_pkcs11>")
    add_dependencies(tst_IncomingFlow dms_test_locking_pkcs11)
endif()

# The settings dialog: the SANE "test" backend for the scanner list, PDF printers.
if("scan" IN_LIST DMS_GUI_PARTS AND "print" IN_LIST DMS_GUI_PARTS AND TARGET dms_scanning_sane)
    dms_add_test(${DMS_APP_TESTS}/tst_SettingsDialog.cpp LIBS dms_gui LABELS gui integration TIMEOUT 120)
endif()

# The outgoing flow end to end: SoftHSM2 behind the locking shim, the embedded office
# with the СЕОС exchange in process (two offices, both engines).
if("signing" IN_LIST DMS_GUI_PARTS AND TARGET dms_test_locking_pkcs11 AND TARGET dms_exchange_signing)
    dms_add_test(${DMS_APP_TESTS}/tst_OutgoingFlow.cpp LIBS dms_gui dms_exchange_signing LABELS gui integration TIMEOUT 180)
    target_sources(tst_OutgoingFlow PRIVATE ${PROJECT_SOURCE_DIR}/tests/exchange/ExchangePeer.h
        ${PROJECT_SOURCE_DIR}/tests/exchange/ExchangePeer.cpp)
    target_include_directories(tst_OutgoingFlow PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/signing
        ${PROJECT_SOURCE_DIR}/tests/exchange)
    target_compile_definitions(tst_OutgoingFlow PRIVATE
        DMS_SIGNING_FIXTURE_SCRIPT="${CMAKE_CURRENT_SOURCE_DIR}/signing/fixtures/make-test-pki.sh"
        DMS_LOCKING_PKCS11_MODULE="$<TARGET_FILE:dms_test_locking_pkcs11>")
    add_dependencies(tst_OutgoingFlow dms_test_locking_pkcs11)
endif()

# Routing an outgoing document for signature: two main windows on one embedded office,
# SoftHSM2 behind the locking shim (both engines).
if("signing" IN_LIST DMS_GUI_PARTS AND TARGET dms_test_locking_pkcs11)
    dms_add_test(${DMS_APP_TESTS}/tst_SigningRouteFlow.cpp LIBS dms_gui LABELS gui integration TIMEOUT 180)
    target_include_directories(tst_SigningRouteFlow PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/signing)
    target_compile_definitions(tst_SigningRouteFlow PRIVATE
        DMS_SIGNING_FIXTURE_SCRIPT="${CMAKE_CURRENT_SOURCE_DIR}/signing/fixtures/make-test-pki.sh"
        DMS_LOCKING_PKCS11_MODULE="$<TARGET_FILE:dms_test_locking_pkcs11>")
    add_dependencies(tst_SigningRouteFlow dms_test_locking_pkcs11)
endif()
