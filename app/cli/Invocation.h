// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Command.h"
#include "Console.h"
#include "access/Session.h"
#include "core/Clock.h"
#include "core/Result.h"
#include "domain/Registry.h"
#include "services/ServiceContext.h"
#include "storage/Database.h"
#include "storage/DatabaseConfig.h"

#include <QCommandLineParser>
#include <QDate>

#include <memory>
#include <optional>

namespace dms::cli {

/** One run of a command: its parsed options and arguments, the console, and the
 *  database and acting user it works with. Handlers return an ExitCode. */
class Invocation
{
public:
    Invocation(const Command &command, const QCommandLineParser &parser, const QStringList &arguments,
               const DatabaseConfig &config, const QString &actingLogin, Console &console);
    Invocation(const Invocation &) = delete;
    Invocation &operator=(const Invocation &) = delete;

    const Command &command() const { return m_command; }
    Console &console() { return m_console; }
    /** The positional arguments after the command words. */
    const QStringList &arguments() const { return m_arguments; }
    bool isSet(const QString &option) const { return m_parser.isSet(option); }
    QString value(const QString &option) const { return m_parser.value(option); }
    QStringList values(const QString &option) const { return m_parser.values(option); }
    bool json() const;

    /** Prints a usage error with a pointer to the command's help; returns ExitUsage. */
    int usage(const QString &message);
    /** Prints an error; returns ExitError. */
    int fail(const Error &error);
    /** An option that must be given; prints a usage error otherwise. */
    std::optional<QString> required(const QString &option);
    /** An integer option in [min, max], or fallback when absent; nullopt (after a usage
     *  error) when malformed. */
    std::optional<int> integer(const QString &option, int fallback, int min, int max);
    /** A date option written yyyy-MM-dd or dd.MM.yyyy; an invalid QDate when absent,
     *  nullopt (after a usage error) when malformed. */
    std::optional<QDate> date(const QString &option);

    enum class Open { Existing, Create };
    /** Opens the database, migrating or only checking its schema. Existing refuses a
     *  SQLite file that is not there yet (only `init` creates one). */
    Status openDatabase(Database::Migration migration, Open open = Open::Existing);
    Database &database() { return *m_database; }
    ServiceContext &context() { return *m_context; }
    const DatabaseConfig &databaseConfig() const { return m_config; }

    /** The login the command acts as (--user, DELOVOD_USER or the OS login). */
    const QString &actingLogin() const { return m_actingLogin; }
    /** The acting user's session; an error when the user does not exist or is inactive. */
    Result<Session> session();
    /** openDatabase() of an existing, current database, then session(): what every
     *  command but init, migrate and check starts with. */
    Result<Session> openSession();

    /** The registry with this code, or the only one when code is empty. */
    Result<Registry> registry(const QString &code);
    /** The register with this code: in the given registry, or the one register of
     *  any registry with that code. */
    Result<Register> findRegister(const QString &code, const QString &registryCode);

private:
    const Command &m_command;
    const QCommandLineParser &m_parser;
    QStringList m_arguments;
    DatabaseConfig m_config;
    QString m_actingLogin;
    Console &m_console;
    SystemClock m_clock;
    std::shared_ptr<Database> m_database;
    std::optional<ServiceContext> m_context;
};

} // namespace dms::cli
