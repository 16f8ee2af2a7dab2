// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/Bootstrap.h"

#include "core/Tr.h"
#include "domain/IndexPattern.h"
#include "services/RegistryService.h"
#include "services/ServiceContext.h"
#include "storage/Database.h"
#include "storage/Sql.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QSet>

namespace dms {

namespace {

bool isValidCode(const QString &code)
{
    // The same rule as RegistryService: checked here too so that a bad register
    // code is refused before the administrator is created.
    static const QRegularExpression pattern(QStringLiteral("^[\\p{L}\\d]{1,12}$"));
    return pattern.match(code).hasMatch();
}

} // namespace

QList<RegisterSpec> InitOptions::defaultRegisters()
{
    return {
        {QStringLiteral("ВХ01"), RegisterKind::Incoming, QStringLiteral("Входяща кореспонденция")},
        {QStringLiteral("ИЗ01"), RegisterKind::Outgoing, QStringLiteral("Изходяща кореспонденция")},
        {QStringLiteral("ВН01"), RegisterKind::Internal, QStringLiteral("Вътрешна кореспонденция")},
        {QStringLiteral("ЗП01"), RegisterKind::Orders, QStringLiteral("Заповеди")},
    };
}

Bootstrap::Bootstrap(ServiceContext &context)
    : m_context(context)
{ }

Status Bootstrap::validate(const InitOptions &options)
{
    if (options.adminLogin.isEmpty())
        return makeError(ErrorCode::InvalidInput, Tr::tr("The administrator's login is required."));
    if (options.adminName.trimmed().isEmpty())
        return makeError(ErrorCode::InvalidInput, Tr::tr("The administrator's full name is required."));
    if (!isValidCode(options.registryCode))
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("The registry code must be 1 to 12 letters or digits."),
                         options.registryCode);
    if (options.registryName.trimmed().isEmpty())
        return makeError(ErrorCode::InvalidInput, Tr::tr("The registry needs a name."));
    if (!options.indexPattern.isEmpty()) {
        auto pattern = IndexPattern::create(options.indexPattern);
        if (!pattern)
            return pattern.error();
    }
    QSet<QString> codes;
    for (const RegisterSpec &spec : options.registers) {
        if (!isValidCode(spec.code))
            return makeError(ErrorCode::InvalidInput,
                             Tr::tr("The register code must be 1 to 12 letters or digits."), spec.code);
        if (spec.name.trimmed().isEmpty())
            return makeError(ErrorCode::InvalidInput, Tr::tr("The register needs a name."), spec.code);
        if (codes.contains(spec.code))
            return makeError(ErrorCode::InvalidInput, Tr::tr("Two registers have the same code."), spec.code);
        codes.insert(spec.code);
    }
    return {};
}

Result<Bootstrap::State> Bootstrap::state()
{
    auto db = m_context.database.connection();
    if (!db)
        return db.error();
    auto count = Sql::scalar(
        *db, QStringLiteral("SELECT (SELECT COUNT(*) FROM app_user) + (SELECT COUNT(*) FROM registry)"));
    if (!count)
        return count.error();
    return count->toLongLong() == 0 ? State::Empty : State::Initialized;
}

Result<InitResult> Bootstrap::initialize(const InitOptions &options)
{
    DMS_TRY(validate(options));
    auto current = state();
    if (!current)
        return current.error();
    if (*current == State::Initialized)
        return makeError(ErrorCode::InvalidState, Tr::tr("The database is already initialised."),
                         m_context.database.config().toDisplayUrl());

    UserService users(m_context);
    // bootstrap() refuses too if another process created a user in the meantime.
    auto administrator = users.bootstrap(options.adminLogin, options.adminName);
    if (!administrator)
        return administrator.error();
    auto session = users.sessionFor(administrator->login);
    if (!session)
        return session.error();

    RegistryService registries(m_context);
    auto registry = registries.createRegistry(*session, options.registryCode, options.registryName,
                                              options.indexPattern);
    if (!registry)
        return registry.error();
    InitResult result {*administrator, *registry, {}};
    for (const RegisterSpec &spec : options.registers) {
        auto reg = registries.createRegister(*session, registry->id, spec.code, spec.kind, spec.name);
        if (!reg)
            return reg.error();
        result.registers.append(*reg);
    }
    return result;
}

} // namespace dms
