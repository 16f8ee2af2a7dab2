// SPDX-License-Identifier: GPL-3.0-or-later
#include "AdminCommands.h"

#include "ExitCode.h"
#include "Invocation.h"
#include "core/Tr.h"
#include "domain/IndexPattern.h"
#include "services/Bootstrap.h"
#include "services/RegistryService.h"
#include "services/UserService.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>

namespace dms::cli {

namespace {

QCommandLineOption option(const QString &name, const QString &description, const QString &valueName = {})
{
    return valueName.isEmpty() ? QCommandLineOption(name, description)
                               : QCommandLineOption(name, description, valueName);
}

QString roleList(const QSet<Role> &roles)
{
    QStringList names;
    for (Role role : allRoles()) {
        if (roles.contains(role))
            names << roleName(role);
    }
    return names.join(QLatin1Char(','));
}

QString kindNames()
{
    QStringList names;
    for (RegisterKind kind : allRegisterKinds())
        names << toName(kind);
    return names.join(QLatin1Char('|'));
}

QJsonObject registerJson(const Register &reg, const QString &registryCode)
{
    return {{QStringLiteral("id"), reg.id},     {QStringLiteral("registry"), registryCode},
            {QStringLiteral("code"), reg.code}, {QStringLiteral("kind"), toName(reg.kind)},
            {QStringLiteral("name"), reg.name}, {QStringLiteral("active"), reg.active}};
}

/** "ВК66:incoming:Входяща кореспонденция"; the name may contain colons. */
std::optional<RegisterSpec> parseRegisterSpec(const QString &text)
{
    const qsizetype first = text.indexOf(QLatin1Char(':'));
    const qsizetype second = first < 0 ? -1 : text.indexOf(QLatin1Char(':'), first + 1);
    if (second < 0)
        return std::nullopt;
    auto kind = registerKindFromName(text.mid(first + 1, second - first - 1).trimmed());
    if (!kind)
        return std::nullopt;
    return RegisterSpec {text.left(first).trimmed(), *kind, text.mid(second + 1).trimmed()};
}

/** An example index of the registry's pattern, for people to check the format. */
QString exampleIndex(const Registry &registry, const QString &registerCode, const QDate &today)
{
    auto pattern = IndexPattern::create(registry.indexPattern);
    if (!pattern)
        return {};
    return pattern->format({registry.code, today.year(), registerCode, 1, 0, today});
}

int runInit(Invocation &cli)
{
    InitOptions options;
    options.adminLogin = cli.isSet(QStringLiteral("admin")) ? cli.value(QStringLiteral("admin")).trimmed()
                                                            : cli.actingLogin();
    const auto adminName = cli.required(QStringLiteral("admin-name"));
    if (!adminName)
        return ExitUsage;
    const auto registryCode = cli.required(QStringLiteral("registry"));
    if (!registryCode)
        return ExitUsage;
    const auto registryName = cli.required(QStringLiteral("registry-name"));
    if (!registryName)
        return ExitUsage;
    options.adminName = *adminName;
    options.registryCode = registryCode->trimmed();
    options.registryName = *registryName;
    options.indexPattern = cli.value(QStringLiteral("index-pattern"));
    const QStringList specs = cli.values(QStringLiteral("with-register"));
    if (cli.isSet(QStringLiteral("no-registers")) && !specs.isEmpty())
        return cli.usage(Tr::tr("--no-registers and --with-register exclude each other."));
    if (cli.isSet(QStringLiteral("no-registers")) || !specs.isEmpty())
        options.registers.clear();
    for (const QString &text : specs) {
        auto spec = parseRegisterSpec(text);
        if (!spec)
            return cli.usage(Tr::tr("--with-register needs CODE:KIND:NAME with KIND one of %1: %2")
                                 .arg(kindNames(), text));
        options.registers.append(*spec);
    }
    // Checked before the database is created, so that bad options leave nothing behind.
    if (auto valid = Bootstrap::validate(options); !valid)
        return cli.fail(valid.error());

    if (auto opened = cli.openDatabase(Database::Migration::Apply, Invocation::Open::Create); !opened)
        return cli.fail(opened.error());
    Bootstrap bootstrap(cli.context());
    auto result = bootstrap.initialize(options);
    if (!result)
        return cli.fail(result.error());
    auto version = cli.database().schemaVersion();
    if (!version)
        return cli.fail(version.error());

    const QDate today = cli.context().clock.now().toTimeZone(cli.context().timeZone).date();
    if (cli.json()) {
        QJsonArray registers;
        for (const Register &reg : std::as_const(result->registers))
            registers.append(registerJson(reg, result->registry.code));
        cli.console().json(
            QJsonObject {{QStringLiteral("database"), cli.databaseConfig().toDisplayUrl()},
                         {QStringLiteral("schemaVersion"), *version},
                         {QStringLiteral("administrator"),
                          QJsonObject {{QStringLiteral("login"), result->administrator.login},
                                       {QStringLiteral("fullName"), result->administrator.fullName}}},
                         {QStringLiteral("registry"),
                          QJsonObject {{QStringLiteral("id"), result->registry.id},
                                       {QStringLiteral("code"), result->registry.code},
                                       {QStringLiteral("name"), result->registry.name},
                                       {QStringLiteral("indexPattern"), result->registry.indexPattern}}},
                         {QStringLiteral("registers"), registers}});
        return ExitOk;
    }
    Console &out = cli.console();
    out.line(
        Tr::tr("Initialised %1 (schema version %2).").arg(cli.databaseConfig().toDisplayUrl()).arg(*version));
    out.line(
        Tr::tr("Administrator: %1 (%2)").arg(result->administrator.login, result->administrator.fullName));
    out.line(Tr::tr("Registry: %1 %2, pattern %3")
                 .arg(result->registry.code, result->registry.name, result->registry.indexPattern));
    if (result->registers.isEmpty()) {
        out.line(Tr::tr("No registers yet: add them with 'register add'."));
        return ExitOk;
    }
    out.line(Tr::tr("Registers:"));
    QList<QStringList> rows;
    for (const Register &reg : std::as_const(result->registers))
        rows.append({reg.code, toName(reg.kind), reg.name, exampleIndex(result->registry, reg.code, today)});
    out.table({Tr::tr("CODE"), Tr::tr("KIND"), Tr::tr("NAME"), Tr::tr("FIRST INDEX")}, rows);
    return ExitOk;
}

int runMigrate(Invocation &cli)
{
    auto current = cli.openDatabase(Database::Migration::CheckOnly);
    bool upgraded = false;
    if (!current) {
        if (current.error().code != ErrorCode::InvalidState)
            return cli.fail(current.error());
        if (auto applied = cli.openDatabase(Database::Migration::Apply); !applied)
            return cli.fail(applied.error());
        upgraded = true;
    }
    auto version = cli.database().schemaVersion();
    if (!version)
        return cli.fail(version.error());
    cli.console().line(upgraded ? Tr::tr("Upgraded the database schema to version %1.").arg(*version)
                                : Tr::tr("The database schema is up to date (version %1).").arg(*version));
    return ExitOk;
}

int runCheck(Invocation &cli)
{
    auto opened = cli.openDatabase(Database::Migration::CheckOnly);
    if (!opened) {
        const ErrorCode code = opened.error().code;
        if (code == ErrorCode::InvalidState || code == ErrorCode::SchemaTooNew
            || code == ErrorCode::MigrationChanged) {
            cli.fail(opened.error());
            return ExitVerificationFailed;
        }
        return cli.fail(opened.error());
    }
    auto version = cli.database().schemaVersion();
    if (!version)
        return cli.fail(version.error());
    Bootstrap bootstrap(cli.context());
    auto state = bootstrap.state();
    if (!state)
        return cli.fail(state.error());
    if (cli.json()) {
        cli.console().json(
            QJsonObject {{QStringLiteral("database"), cli.databaseConfig().toDisplayUrl()},
                         {QStringLiteral("schemaVersion"), *version},
                         {QStringLiteral("schemaCurrent"), true},
                         {QStringLiteral("initialized"), *state == Bootstrap::State::Initialized}});
        return ExitOk;
    }
    cli.console().line(Tr::tr("The database schema is current (version %1).").arg(*version));
    if (*state == Bootstrap::State::Empty)
        cli.console().line(Tr::tr("The database has no users or registries yet: run 'init'."));
    return ExitOk;
}

int runUserAdd(Invocation &cli)
{
    const QString login = cli.arguments().value(0).trimmed();
    const auto name = cli.required(QStringLiteral("name"));
    if (!name)
        return ExitUsage;
    QSet<Role> roles;
    for (const QString &list : cli.values(QStringLiteral("role"))) {
        for (const QString &part : list.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            auto role = roleFromName(part.trimmed());
            if (!role)
                return cli.usage(Tr::tr("Unknown role '%1': use clerk, official, administrator or auditor.")
                                     .arg(part.trimmed()));
            roles.insert(*role);
        }
    }
    if (roles.isEmpty())
        return cli.usage(Tr::tr("The option --role is required."));
    auto session = cli.openSession();
    if (!session)
        return cli.fail(session.error());
    UserService users(cli.context());
    auto user = users.create(*session, login, *name, roles);
    if (!user)
        return cli.fail(user.error());
    if (cli.json()) {
        cli.console().json(QJsonObject {{QStringLiteral("id"), user->id},
                                        {QStringLiteral("login"), user->login},
                                        {QStringLiteral("fullName"), user->fullName},
                                        {QStringLiteral("roles"), roleList(user->roles)}});
        return ExitOk;
    }
    cli.console().line(Tr::tr("Created user %1 (%2) with roles %3.")
                           .arg(user->login, user->fullName, roleList(user->roles)));
    return ExitOk;
}

int runUserList(Invocation &cli)
{
    if (auto session = cli.openSession(); !session)
        return cli.fail(session.error());
    UserService users(cli.context());
    auto list = users.list();
    if (!list)
        return cli.fail(list.error());
    if (cli.json()) {
        QJsonArray array;
        for (const User &user : std::as_const(*list)) {
            QStringList roles;
            for (Role role : allRoles()) {
                if (user.roles.contains(role))
                    roles << roleName(role);
            }
            array.append(QJsonObject {{QStringLiteral("id"), user.id},
                                      {QStringLiteral("login"), user.login},
                                      {QStringLiteral("fullName"), user.fullName},
                                      {QStringLiteral("roles"), QJsonArray::fromStringList(roles)},
                                      {QStringLiteral("active"), user.active}});
        }
        cli.console().json(array);
        return ExitOk;
    }
    QList<QStringList> rows;
    for (const User &user : std::as_const(*list))
        rows.append(
            {user.login, roleList(user.roles), user.active ? Tr::tr("yes") : Tr::tr("no"), user.fullName});
    cli.console().table({Tr::tr("LOGIN"), Tr::tr("ROLES"), Tr::tr("ACTIVE"), Tr::tr("NAME")}, rows);
    return ExitOk;
}

int runRegistryList(Invocation &cli)
{
    if (auto session = cli.openSession(); !session)
        return cli.fail(session.error());
    RegistryService service(cli.context());
    auto registries = service.registries();
    if (!registries)
        return cli.fail(registries.error());
    QJsonArray array;
    QList<QStringList> rows;
    for (const Registry &registry : std::as_const(*registries)) {
        auto registers = service.registers(registry.id);
        if (!registers)
            return cli.fail(registers.error());
        QStringList codes;
        QJsonArray registerArray;
        for (const Register &reg : std::as_const(*registers)) {
            codes << reg.code;
            registerArray.append(registerJson(reg, registry.code));
        }
        array.append(QJsonObject {{QStringLiteral("id"), registry.id},
                                  {QStringLiteral("code"), registry.code},
                                  {QStringLiteral("name"), registry.name},
                                  {QStringLiteral("indexPattern"), registry.indexPattern},
                                  {QStringLiteral("registers"), registerArray}});
        rows.append({registry.code, registry.indexPattern, codes.join(QLatin1Char(',')), registry.name});
    }
    if (cli.json())
        cli.console().json(array);
    else
        cli.console().table({Tr::tr("CODE"), Tr::tr("INDEX PATTERN"), Tr::tr("REGISTERS"), Tr::tr("NAME")},
                            rows);
    return ExitOk;
}

int runRegistryAdd(Invocation &cli)
{
    const QString code = cli.arguments().value(0).trimmed();
    const auto name = cli.required(QStringLiteral("name"));
    if (!name)
        return ExitUsage;
    auto session = cli.openSession();
    if (!session)
        return cli.fail(session.error());
    RegistryService service(cli.context());
    auto registry = service.createRegistry(*session, code, *name, cli.value(QStringLiteral("index-pattern")));
    if (!registry)
        return cli.fail(registry.error());
    cli.console().line(Tr::tr("Created registry %1 (%2), pattern %3.")
                           .arg(registry->code, registry->name, registry->indexPattern));
    return ExitOk;
}

int runRegisterAdd(Invocation &cli)
{
    const QString code = cli.arguments().value(0).trimmed();
    const auto kindText = cli.required(QStringLiteral("kind"));
    if (!kindText)
        return ExitUsage;
    const auto kind = registerKindFromName(kindText->trimmed());
    if (!kind)
        return cli.usage(Tr::tr("Unknown register kind '%1': use %2.").arg(*kindText, kindNames()));
    const auto name = cli.required(QStringLiteral("name"));
    if (!name)
        return ExitUsage;
    auto session = cli.openSession();
    if (!session)
        return cli.fail(session.error());
    auto registry = cli.registry(cli.value(QStringLiteral("registry")).trimmed());
    if (!registry)
        return cli.fail(registry.error());
    RegistryService service(cli.context());
    auto reg = service.createRegister(*session, registry->id, code, *kind, *name);
    if (!reg)
        return cli.fail(reg.error());
    if (cli.json()) {
        cli.console().json(registerJson(*reg, registry->code));
        return ExitOk;
    }
    const QDate today = cli.context().clock.now().toTimeZone(cli.context().timeZone).date();
    cli.console().line(
        Tr::tr("Created register %1 (%2) in registry %3; its first index will be like %4.")
            .arg(reg->code, toName(reg->kind), registry->code, exampleIndex(*registry, reg->code, today)));
    return ExitOk;
}

int runRegisterList(Invocation &cli)
{
    if (auto session = cli.openSession(); !session)
        return cli.fail(session.error());
    RegistryService service(cli.context());
    auto registries = service.registries();
    if (!registries)
        return cli.fail(registries.error());
    const QString only = cli.value(QStringLiteral("registry")).trimmed();
    if (!only.isEmpty() && std::none_of(registries->cbegin(), registries->cend(), [&](const Registry &r) {
            return r.code == only;
        }))
        return cli.fail(makeError(ErrorCode::NotFound, Tr::tr("No such registry."), only));
    QJsonArray array;
    QList<QStringList> rows;
    for (const Registry &registry : std::as_const(*registries)) {
        if (!only.isEmpty() && registry.code != only)
            continue;
        auto registers = service.registers(registry.id);
        if (!registers)
            return cli.fail(registers.error());
        for (const Register &reg : std::as_const(*registers)) {
            array.append(registerJson(reg, registry.code));
            rows.append({registry.code, reg.code, toName(reg.kind), reg.active ? Tr::tr("yes") : Tr::tr("no"),
                         reg.name});
        }
    }
    if (cli.json())
        cli.console().json(array);
    else
        cli.console().table(
            {Tr::tr("REGISTRY"), Tr::tr("CODE"), Tr::tr("KIND"), Tr::tr("ACTIVE"), Tr::tr("NAME")}, rows);
    return ExitOk;
}

} // namespace

QList<Command> adminCommands()
{
    QList<Command> commands;

    Command init;
    init.words = {QStringLiteral("init")};
    init.arguments = QStringLiteral("--admin-name NAME --registry CODE --registry-name NAME [OPTIONS]");
    init.summary = Tr::tr("create the database, its first administrator, registry and registers");
    init.description = Tr::tr(
        "Creates the database if it does not exist, brings its schema up to date and initialises "
        "it: the first administrator (the acting user's login unless --admin is given), the registry "
        "and its registers. Every step is recorded in the audit journal. A database that already has "
        "users or registries is refused, so running init twice changes nothing.\n\n"
        "Unless --with-register or --no-registers is given, the registry gets one register of each "
        "kind, coded as Sofia Municipality does: ВХ01 incoming (Входяща кореспонденция), ИЗ01 "
        "outgoing (Изходяща кореспонденция), ВН01 internal (Вътрешна кореспонденция) and ЗП01 "
        "orders (Заповеди).\n\n"
        "The index pattern takes the placeholders {registry}, {yy} or {year}, {register}, {number} "
        "or {number:N}, {/sub}, {date} and {isodate}; the default {registry}{yy}-{register}-"
        "{number}{/sub}/{date} gives indexes such as СОА20-ВК66-7245/08.09.2020.");
    init.options = {
        option(QStringLiteral("admin"),
               Tr::tr("Login of the first administrator (default: the acting user)."),
               QStringLiteral("LOGIN")),
        option(QStringLiteral("admin-name"), Tr::tr("Full name of the first administrator."),
               QStringLiteral("NAME")),
        option(QStringLiteral("registry"),
               Tr::tr("Code of the registry: the prefix of every index, e.g. СОА."), QStringLiteral("CODE")),
        option(QStringLiteral("registry-name"),
               Tr::tr("Name of the registry, e.g. the administration's name."), QStringLiteral("NAME")),
        option(QStringLiteral("index-pattern"), Tr::tr("Format of registration indexes (see above)."),
               QStringLiteral("PATTERN")),
        option(
            QStringLiteral("with-register"),
            Tr::tr("Create this register instead of the default ones; KIND is incoming, outgoing, internal "
                   "or orders. Repeat for several registers."),
            QStringLiteral("CODE:KIND:NAME")),
        option(QStringLiteral("no-registers"),
               Tr::tr("Create no registers (add them later with 'register add').")),
    };
    init.examples = {
        QStringLiteral("--database sqlite:/var/lib/delovod/delovod.db init --admin ivanov "
                       "--admin-name \"Иван Иванов\" --registry СОА --registry-name \"Столична община\""),
        QStringLiteral("init --admin-name \"Иван Иванов\" --registry ОБЩ --registry-name \"Община Пример\" "
                       "--with-register \"ВК66:incoming:Входяща кореспонденция\""),
    };
    init.hasJson = true;
    init.run = runInit;
    commands << init;

    Command migrate;
    migrate.words = {QStringLiteral("migrate")};
    migrate.summary = Tr::tr("bring the database schema up to date");
    migrate.description
        = Tr::tr("Applies the schema migrations this version carries that the database lacks, each in its "
                 "own transaction. A database made by a newer version, or whose applied migrations differ "
                 "from this version's, is refused and left unchanged. Take a backup first. Like 'check', it "
                 "needs no user of the database: run it as the account that may open the database.");
    migrate.examples = {QStringLiteral("--database postgresql://delovod@db.example/delovod migrate")};
    migrate.run = runMigrate;
    commands << migrate;

    Command check;
    check.words = {QStringLiteral("check")};
    check.summary = Tr::tr("check that the database schema is exactly what this version expects");
    check.description = Tr::tr("Opens the database without changing it and compares its schema with this "
                               "version's migrations. Exits with 3 when the schema is out of date, newer "
                               "than this version or altered.");
    check.hasJson = true;
    check.run = runCheck;
    commands << check;

    Command userAdd;
    userAdd.words = {QStringLiteral("user"), QStringLiteral("add")};
    userAdd.arguments = QStringLiteral("LOGIN --name NAME --role ROLE[,ROLE…]");
    userAdd.summary = Tr::tr("create a user (administrators only)");
    userAdd.description
        = Tr::tr("Creates a user with one or more roles: clerk (registers mail, keeps case files), official "
                 "(reads, resolves and executes documents), administrator (configures everything, annuls "
                 "entries) and auditor (reads everything and verifies the journal). A login is 2 to 64 "
                 "lower-case Latin letters, digits, '.', '_' or '-'.");
    userAdd.options = {
        option(QStringLiteral("name"), Tr::tr("Full name of the user."), QStringLiteral("NAME")),
        option(QStringLiteral("role"), Tr::tr("Role(s), separated by commas or given several times."),
               QStringLiteral("ROLE")),
    };
    userAdd.examples = {
        QStringLiteral("user add petrova --name \"Мария Петрова\" --role clerk"),
        QStringLiteral("user add georgiev --name \"Георги Георгиев\" --role official,auditor"),
    };
    userAdd.minArguments = userAdd.maxArguments = 1;
    userAdd.hasJson = true;
    userAdd.run = runUserAdd;
    commands << userAdd;

    Command userList;
    userList.words = {QStringLiteral("user"), QStringLiteral("list")};
    userList.summary = Tr::tr("list the users and their roles");
    userList.description = Tr::tr("Lists every user with roles and whether the account is active.");
    userList.hasJson = true;
    userList.run = runUserList;
    commands << userList;

    Command registryList;
    registryList.words = {QStringLiteral("registry"), QStringLiteral("list")};
    registryList.summary = Tr::tr("list the registries with their index patterns and registers");
    registryList.description = Tr::tr("Lists the registries with their codes, index patterns and registers.");
    registryList.hasJson = true;
    registryList.run = runRegistryList;
    commands << registryList;

    Command registryAdd;
    registryAdd.words = {QStringLiteral("registry"), QStringLiteral("add")};
    registryAdd.arguments = QStringLiteral("CODE --name NAME [--index-pattern PATTERN]");
    registryAdd.summary = Tr::tr("create another registry (administrators only)");
    registryAdd.description = Tr::tr("Creates a registry (регистратура) whose code prefixes its indexes. "
                                     "The index pattern is described under 'init'.");
    registryAdd.options = {
        option(QStringLiteral("name"), Tr::tr("Name of the registry."), QStringLiteral("NAME")),
        option(QStringLiteral("index-pattern"), Tr::tr("Format of registration indexes."),
               QStringLiteral("PATTERN")),
    };
    registryAdd.examples = {QStringLiteral("registry add РА --name \"Район Аврора\"")};
    registryAdd.minArguments = registryAdd.maxArguments = 1;
    registryAdd.run = runRegistryAdd;
    commands << registryAdd;

    Command registerAdd;
    registerAdd.words = {QStringLiteral("register"), QStringLiteral("add")};
    registerAdd.arguments = QStringLiteral("CODE --kind KIND --name NAME [--registry CODE]");
    registerAdd.summary = Tr::tr("create a register book (administrators only)");
    registerAdd.description
        = Tr::tr("Creates a register (регистър) in a registry. Its numbers start at 1 and restart every "
                 "year. The code is 1 to 12 letters or digits and appears in every index of the register.");
    registerAdd.options = {
        option(QStringLiteral("kind"), Tr::tr("incoming, outgoing, internal or orders."),
               QStringLiteral("KIND")),
        option(QStringLiteral("name"), Tr::tr("Name of the register."), QStringLiteral("NAME")),
        option(QStringLiteral("registry"), Tr::tr("Registry code; needed when there are several."),
               QStringLiteral("CODE")),
    };
    registerAdd.examples = {
        QStringLiteral("register add ВК66 --kind incoming --name \"Входяща кореспонденция\""),
        QStringLiteral("register add ДИ05 --kind incoming --name \"Искания по ЗДОИ\" --registry СОА"),
    };
    registerAdd.minArguments = registerAdd.maxArguments = 1;
    registerAdd.hasJson = true;
    registerAdd.run = runRegisterAdd;
    commands << registerAdd;

    Command registerList;
    registerList.words = {QStringLiteral("register"), QStringLiteral("list")};
    registerList.arguments = QStringLiteral("[--registry CODE]");
    registerList.summary = Tr::tr("list the registers");
    registerList.description = Tr::tr("Lists the registers of every registry, or of one.");
    registerList.options
        = {option(QStringLiteral("registry"), Tr::tr("Only this registry."), QStringLiteral("CODE"))};
    registerList.hasJson = true;
    registerList.run = runRegisterList;
    commands << registerList;

    return commands;
}

} // namespace dms::cli
