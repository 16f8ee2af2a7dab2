// SPDX-License-Identifier: GPL-3.0-or-later
#include "exchange/registry/RegistryClient.h"

#include "core/Tr.h"
#include "exchange/Transport.h"

namespace dms::exchange {

RegistryClient::RegistryClient(Transport &transport, QString serviceUri, qint64 maxReplyBytes)
    : m_transport(transport)
    , m_serviceUri(std::move(serviceUri))
    , m_maxReplyBytes(maxReplyBytes)
{ }

Result<RegistryDirectory> RegistryClient::call(RegistryOperation operation, const QString &argument)
{
    auto reply = m_transport.post(m_serviceUri, RegistrySoap::soapAction(operation),
                                  RegistrySoap::request(operation, argument));
    if (!reply)
        return reply.error();
    // SOAP 1.1 answers faults with 500; anything else but 200 is not the service speaking.
    if (reply->status != 200 && reply->status != 500)
        return makeError(ErrorCode::Network, Tr::tr("The participant registry could not be reached."),
                         QStringLiteral("HTTP %1").arg(reply->status));
    auto directory = RegistrySoap::parseResponse(reply->body, m_maxReplyBytes);
    if (directory && reply->status != 200)
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("The participant registry answered with an invalid reply."),
                         QStringLiteral("HTTP 500 without a SOAP fault"));
    return directory;
}

Result<RegistryDirectory> RegistryClient::allRecords()
{
    return call(RegistryOperation::GetAllRecords);
}

Result<RegistryDirectory> RegistryClient::changesSince(const QDateTime &since)
{
    if (!since.isValid())
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("No date to ask the participant registry for changes."));
    return call(RegistryOperation::GetNewRecords, since.toUTC().toString(Qt::ISODateWithMs));
}

Result<RegistryDirectory> RegistryClient::byIdentifier(const QString &identifier)
{
    return call(RegistryOperation::GetByEntityIdentifier, identifier.trimmed());
}

Result<RegistryDirectory> RegistryClient::byGuid(const QString &guid)
{
    // The registry writes GUIDs without braces.
    QString bare = guid.trimmed();
    if (bare.startsWith(QLatin1Char('{')) && bare.endsWith(QLatin1Char('}')))
        bare = bare.mid(1, bare.size() - 2);
    return call(RegistryOperation::GetByGuid, bare);
}

Result<RegistryDirectory> RegistryClient::byCertificateSerial(const QString &serialHex)
{
    return call(RegistryOperation::GetByCertificateSN, serialHex.trimmed());
}

} // namespace dms::exchange
