// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "access/Session.h"
#include "core/Result.h"
#include "eservices/AdministrativeService.h"

#include <QByteArray>
#include <QList>

namespace dms {

struct ServiceContext;

/** The catalogue of administrative services, keyed by their ИИСДА number.
 *  Changes need Permission::ManageRegistries and are journalled; anyone may read.
 *  Thread-safe: each call uses the calling thread's connection. */
class ServiceCatalogue
{
public:
    explicit ServiceCatalogue(ServiceContext &context);

    /** Adds a service, or replaces the one with the same ИИСДА number (its id
     *  stays). InvalidInput (detail: the field) for a bad value, NotFound for an
     *  unknown register. */
    Result<AdministrativeService> put(const Session &session, const AdministrativeService &service);
    /** Every service, by ИИСДА number. */
    Result<QList<AdministrativeService>> list();
    /** NotFound when no service has this number. */
    Result<AdministrativeService> findByIisda(const QString &iisdaNumber);
    Result<AdministrativeService> find(const QString &id);

    /** Imports {"services":[{"iisdaNumber","name","deadlineWorkingDays","feeCents",
     *  "requiredAttachments":[{"code","title"}],"responsibleUnit","registerId"}]}
     *  in one transaction: all or nothing. Returns how many were put. */
    Result<int> importJson(const Session &session, const QByteArray &json);
    /** Checks one service without touching the database. */
    static Status validate(const AdministrativeService &service);

    static constexpr int kMaxNameLength = 1000;
    static constexpr int kMaxIisdaLength = 20;
    static constexpr int kMaxDeadlineDays = 365;
    static constexpr int kMaxAttachments = 50;

private:
    Result<QList<AdministrativeService>> select(const QString &condition, const QVariant &value);
    ServiceContext &m_context;
};

} // namespace dms
