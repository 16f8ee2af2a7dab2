// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "access/Session.h"
#include "core/Result.h"

#include <QList>
#include <QString>

namespace dms {

struct ServiceContext;

/** A workstation allowed to sync, known by its TLS client certificate. */
struct Desk
{
    QString id;
    QString name;
    QString certSha256; ///< lower-case hex SHA-256 of the DER certificate
    bool active = true;
};

/** The desks of the office. Adding a desk needs Permission::ManageUsers and is
 *  journalled ("sync.desk.add"). Thread-safe. */
class DeskDirectory
{
public:
    explicit DeskDirectory(ServiceContext &context);

    /** AlreadyExists when the name or the certificate is taken. */
    Result<Desk> add(const Session &session, const QString &name, const QString &certSha256);
    /** Disables a desk for good (its rows stay for the record): its sessions end and
     *  its certificate is refused from then on. Journalled ("sync.desk.remove"). */
    Status remove(const Session &session, const QString &deskId);
    /** Every desk, active or not, by name. */
    Result<QList<Desk>> list();
    /** The active desk with this certificate; PermissionDenied when unknown or inactive. */
    Result<Desk> findByCertificate(const QString &certSha256);

    static bool isValidFingerprint(const QString &certSha256);

private:
    ServiceContext &m_context;
};

} // namespace dms
