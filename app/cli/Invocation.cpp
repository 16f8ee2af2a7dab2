// SPDX-License-Identifier: GPL-3.0-or-later
#include "Invocation.h"

#include "ExitCode.h"
#include "core/Tr.h"
#include "services/RegistryService.h"
#include "services/UserService.h"

#include <QCoreApplication>
#include <QFileInfo>

namespace dms::cli {

namespace { } // namespace

Invocation::Invocation(const Command &command, const QCommandLineParser &parser, const QStringList &arguments,
                       const DatabaseConfig &config, const QString &actingLogin, Console &console)
    : m_command(command)
    , m_parser(parser)
    , m_arguments(arguments)
    , m_config(config)
    , m_actingLogin(actingLogin)
    , m_console(console)
{ }

bool Invocation::json() const
{
    return m_command.hasJson && m_parser.isSet(QStringLiteral("json"));
}

int Invocation::usage(const QString &message)
{
    m_console.error(message);
    m_console.errorLine(Tr::tr("Try '%1 help %2' for more information.")
                            .arg(QCoreApplication::applicationName(), m_command.name()));
    return ExitUsage;
}

int Invocation::fail(const Error &error)
{
    m_console.error(error);
    if (error.code == ErrorCode::InvalidState && error.detail.startsWith(QLatin1String("schema ")))
        m_console.errorLine(
            Tr::tr("Run '%1 migrate' to upgrade it.").arg(QCoreApplication::applicationName()));
    return ExitError;
}

std::optional<QString> Invocation::required(const QString &option)
{
    const QString text = m_parser.value(option);
    if (!m_parser.isSet(option) || text.trimmed().isEmpty()) {
        usage(Tr::tr("The option --%1 is required.").arg(option));
        return std::nullopt;
    }
    return text;
}

std::optional<int> Invocation::integer(const QString &option, int fallback, int min, int max)
{
    if (!m_parser.isSet(option))
        return fallback;
    bool ok = false;
    const int number = m_parser.value(option).trimmed().toInt(&ok);
    if (!ok || number < min || number > max) {
        usage(Tr::tr("The option --%1 needs a whole number from %2 to %3.").arg(option).arg(min).arg(max));
        return std::nullopt;
    }
    return number;
}

std::optional<QDate> Invocation::date(const QString &option)
{
    if (!m_parser.isSet(option))
        return QDate();
    const QString text = m_parser.value(option).trimmed();
    QDate parsed = QDate::fromString(text, QStringLiteral("yyyy-MM-dd"));
    if (!parsed.isValid())
        parsed = QDate::fromString(text, QStringLiteral("dd.MM.yyyy"));
    if (!parsed.isValid()) {
        usage(Tr::tr("The option --%1 needs a date such as 2020-09-08 or 08.09.2020.").arg(option));
        return std::nullopt;
    }
    return parsed;
}

Status Invocation::openDatabase(Database::Migration migration, Open open)
{
    if (!m_command.needsDatabase)
        return makeError(ErrorCode::Internal, Tr::tr("This command works without a database."),
                         m_command.name());
    if (m_config.isSqlite() && open == Open::Existing && !QFileInfo::exists(m_config.path))
        return makeError(ErrorCode::NotFound,
                         Tr::tr("There is no database at this path; create it with '%1 init'.")
                             .arg(QCoreApplication::applicationName()),
                         m_config.path);
    auto opened = Database::open(m_config, migration);
    if (!opened)
        return opened.error();
    m_database = *opened;
    m_context.emplace(ServiceContext {*m_database, m_clock});
    return {};
}

Result<Session> Invocation::session()
{
    if (m_actingLogin.isEmpty())
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("Who is acting is unknown: give --user LOGIN or set DELOVOD_USER."));
    UserService users(*m_context);
    auto session = users.sessionFor(m_actingLogin);
    if (!session && session.error().code == ErrorCode::NotFound)
        return makeError(ErrorCode::NotFound,
                         Tr::tr("The acting user is not a user of this database: give --user LOGIN or set "
                                "DELOVOD_USER."),
                         m_actingLogin);
    return session;
}

Result<Session> Invocation::openSession()
{
    DMS_TRY(openDatabase(Database::Migration::CheckOnly));
    return session();
}

Result<Registry> Invocation::registry(const QString &code)
{
    RegistryService service(*m_context);
    auto all = service.registries();
    if (!all)
        return all.error();
    if (code.isEmpty()) {
        if (all->size() == 1)
            return all->constFirst();
        if (all->isEmpty())
            return makeError(ErrorCode::NotFound, Tr::tr("The database has no registry yet."));
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("The database has several registries: choose one with --registry CODE."));
    }
    for (const Registry &registry : std::as_const(*all)) {
        if (registry.code == code)
            return registry;
    }
    return makeError(ErrorCode::NotFound, Tr::tr("No such registry."), code);
}

Result<Register> Invocation::findRegister(const QString &code, const QString &registryCode)
{
    RegistryService service(*m_context);
    if (!registryCode.isEmpty()) {
        auto inRegistry = registry(registryCode);
        if (!inRegistry)
            return inRegistry.error();
        return service.findRegisterByCode(inRegistry->id, code);
    }
    auto all = service.registers();
    if (!all)
        return all.error();
    QList<Register> matching;
    for (const Register &reg : std::as_const(*all)) {
        if (reg.code == code)
            matching.append(reg);
    }
    if (matching.isEmpty())
        return makeError(ErrorCode::NotFound, Tr::tr("No such register."), code);
    if (matching.size() > 1)
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("Several registries have a register with this code: choose the registry with "
                                "--registry CODE."),
                         code);
    return matching.constFirst();
}

} // namespace dms::cli
