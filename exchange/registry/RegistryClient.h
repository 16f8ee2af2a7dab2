// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "exchange/registry/RegistrySoap.h"

#include <QDateTime>
#include <QString>

namespace dms::exchange {

class Transport;

/** The participant registry service (EGovRegistry.wsdl) over a Transport (HTTPS with
 *  mutual TLS in production): all records, the changes since a date, and lookups by
 *  ЕИК, GUID or certificate serial. Network failures are Network/Timeout, a SOAP
 *  fault is SoapFault, anything unreadable InvalidInput (see RegistrySoap). */
class RegistryClient
{
public:
    /** 64 MB: the whole registry (a few hundred entities) is far below it. */
    static constexpr qint64 kDefaultMaxReplyBytes = 64LL * 1024 * 1024;

    RegistryClient(Transport &transport, QString serviceUri, qint64 maxReplyBytes = kDefaultMaxReplyBytes);

    QString serviceUri() const { return m_serviceUri; }

    Result<RegistryDirectory> allRecords();
    /** Entities changed since @p since (GetNewRecords). */
    Result<RegistryDirectory> changesSince(const QDateTime &since);
    Result<RegistryDirectory> byIdentifier(const QString &identifier);
    Result<RegistryDirectory> byGuid(const QString &guid);
    Result<RegistryDirectory> byCertificateSerial(const QString &serialHex);

private:
    Result<RegistryDirectory> call(RegistryOperation operation, const QString &argument = {});

    Transport &m_transport;
    QString m_serviceUri;
    qint64 m_maxReplyBytes;
};

} // namespace dms::exchange
