// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "domain/Registry.h"
#include "services/UserService.h"

#include <QList>
#include <QString>

namespace dms {

struct ServiceContext;

/** A register to create when a database is initialised. */
struct RegisterSpec
{
    QString code; ///< letters and digits, e.g. "ВХ01"
    RegisterKind kind = RegisterKind::Incoming;
    QString name;
};

/** What the first start of an office needs. */
struct InitOptions
{
    QString adminLogin;
    QString adminName;
    QString registryCode; ///< the index prefix, e.g. "СОА"
    QString registryName;
    QString indexPattern; ///< empty: IndexPattern::defaultPattern()
    /** The registers of the registry; Bootstrap::defaultRegisters() unless chosen. */
    QList<RegisterSpec> registers = defaultRegisters();

    /** One register of each kind, coded as Sofia Municipality does (two letters and
     *  two digits): ВХ01 incoming (Входяща кореспонденция), ИЗ01 outgoing (Изходяща
     *  кореспонденция), ВН01 internal (Вътрешна кореспонденция), ЗП01 orders (Заповеди). */
    static QList<RegisterSpec> defaultRegisters();
};

/** What initialize() made. */
struct InitResult
{
    User administrator;
    Registry registry;
    QList<Register> registers;
};

/** Initialises an empty database: the first administrator, the registry and its
 *  registers, each step journalled under the new administrator's login.
 *
 *  The options are checked before the first write (the login by UserService as
 *  that first write begins), so bad options change nothing. A database that
 *  already has a user or a registry is refused with InvalidState: initialising
 *  twice is always a mistake (the counters and the journal already belong to an
 *  office). Two concurrent calls cannot both succeed, as the administrator is
 *  created in a transaction that refuses a database with users. The steps are
 *  separate transactions: should storage fail after the administrator was made,
 *  the administrator completes the set-up with RegistryService. */
class Bootstrap
{
public:
    explicit Bootstrap(ServiceContext &context);

    enum class State { Empty, Initialized };

    Result<InitResult> initialize(const InitOptions &options);
    /** Initialized once the database has a user or a registry. */
    Result<State> state();
    /** Checks options without touching the database. */
    static Status validate(const InitOptions &options);

private:
    ServiceContext &m_context;
};

} // namespace dms
