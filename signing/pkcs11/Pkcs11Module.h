// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QString>

#include <p11-kit/pkcs11.h>

namespace dms {

/** A dlopen()ed PKCS#11 module, initialised for multi-threaded use. Not thread-safe:
 *  owned and used by one Pkcs11Worker on its thread. Internal to signing/pkcs11. */
class Pkcs11Module
{
public:
    Pkcs11Module() = default;
    ~Pkcs11Module();
    Q_DISABLE_COPY_MOVE(Pkcs11Module)

    /** dlopen + C_GetFunctionList + C_Initialize. NotFound when the file cannot be loaded,
     *  InvalidInput when it is not a PKCS#11 module. */
    [[nodiscard]] Status load(const QString &path);

    /** C_Finalize (when we initialised the module) and dlclose; safe to call twice. */
    void unload();

    bool isLoaded() const { return m_functions != nullptr; }
    CK_FUNCTION_LIST_PTR functions() const { return m_functions; }
    QString path() const { return m_path; }

private:
    void *m_handle = nullptr;
    CK_FUNCTION_LIST_PTR m_functions = nullptr;
    bool m_finalizeOnUnload = false;
    QString m_path;
};

} // namespace dms
