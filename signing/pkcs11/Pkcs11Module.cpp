// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/pkcs11/Pkcs11Module.h"

#include "core/Tr.h"
#include "signing/SigningLog.h"
#include "signing/pkcs11/Pkcs11Error.h"

#include <QFile>

#include <dlfcn.h>

namespace dms {

Pkcs11Module::~Pkcs11Module()
{
    unload();
}

Status Pkcs11Module::load(const QString &path)
{
    Q_ASSERT(!m_handle);
    m_path = path;
    const QByteArray nativePath = QFile::encodeName(path);
    m_handle = dlopen(nativePath.constData(), RTLD_NOW | RTLD_LOCAL);
    if (!m_handle)
        return makeError(ErrorCode::NotFound, Tr::tr("The smartcard module %1 cannot be loaded.").arg(path),
                         QString::fromLocal8Bit(dlerror()));

    auto getFunctionList = reinterpret_cast<CK_C_GetFunctionList>(dlsym(m_handle, "C_GetFunctionList"));
    CK_FUNCTION_LIST_PTR functions = nullptr;
    if (!getFunctionList || getFunctionList(&functions) != CKR_OK || !functions) {
        dlclose(m_handle);
        m_handle = nullptr;
        return makeError(ErrorCode::InvalidInput, Tr::tr("%1 is not a smartcard (PKCS#11) module.").arg(path),
                         QStringLiteral("C_GetFunctionList missing or failed"));
    }

    CK_C_INITIALIZE_ARGS args = {};
    args.flags = CKF_OS_LOCKING_OK;
    const CK_RV rv = functions->C_Initialize(&args);
    if (rv != CKR_OK && rv != CKR_CRYPTOKI_ALREADY_INITIALIZED) {
        dlclose(m_handle);
        m_handle = nullptr;
        return pkcs11Error(rv, QStringLiteral("C_Initialize"));
    }
    // Someone else in the process initialised it: they finalise it too.
    m_finalizeOnUnload = rv == CKR_OK;
    m_functions = functions;
    qCDebug(dmsSigning) << "loaded PKCS#11 module" << path;
    return {};
}

void Pkcs11Module::unload()
{
    if (m_functions && m_finalizeOnUnload) {
        // Finalising ourselves, before OpenSSL's and the C library's atexit handlers,
        // avoids SoftHSM's crash at exit when it is finalised late.
        const CK_RV rv = m_functions->C_Finalize(nullptr);
        if (rv != CKR_OK)
            qCWarning(dmsSigning) << "C_Finalize:" << pkcs11ReturnValueName(rv);
    }
    m_functions = nullptr;
    m_finalizeOnUnload = false;
    if (m_handle) {
        dlclose(m_handle);
        m_handle = nullptr;
    }
}

} // namespace dms
