// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "access/Session.h"
#include "core/Result.h"
#include "domain/Registry.h"

#include <QList>

namespace dms {

struct ServiceContext;

/** Registries (регистратури) and their registers. Administrators configure them;
 *  everyone may read them. */
class RegistryService
{
public:
    explicit RegistryService(ServiceContext &context);

    /** `indexPattern` empty means IndexPattern::defaultPattern(). */
    Result<Registry> createRegistry(const Session &session, const QString &code, const QString &name,
                                    const QString &indexPattern = {});
    Result<Register> createRegister(const Session &session, const QString &registryId, const QString &code,
                                    RegisterKind kind, const QString &name);
    Result<QList<Registry>> registries();
    Result<QList<Register>> registers(const QString &registryId = {});
    Result<Registry> registry(const QString &id);
    Result<Register> findRegister(const QString &id);
    /** The register with this code in the registry. */
    Result<Register> findRegisterByCode(const QString &registryId, const QString &code);

private:
    ServiceContext &m_context;
};

} // namespace dms
