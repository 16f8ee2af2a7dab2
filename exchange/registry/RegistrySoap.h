// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "exchange/ParticipantRecord.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QStringList>

namespace dms::exchange {

/** The operations of the participant registry service (EGovRegistry.wsdl). */
enum class RegistryOperation {
    GetAllRecords,
    GetNewRecords,
    GetByEntityIdentifier,
    GetByGuid,
    GetByCertificateSN
};

/** An EGovMessageDir as our offline copy needs it. */
struct RegistryDirectory
{
    QList<ParticipantRecord> records;
    /** EGovMessageDir/LastChange; invalid when absent. */
    QDateTime lastChange;
    /** Entities left out because a field is unusable (one line each, no personal data). */
    QStringList skipped;
};

/** The SOAP 1.1 rpc/encoded framing of the registry service (namespace uri:egovmsg,
 *  SOAPAction "uri:egovmsg/<Operation>"). Replies are read defensively: safe parse
 *  with a size limit, SOAP faults reported, SOAP-ENC arrays read by position with
 *  the item element names ignored, multi-reference values (href="#id") resolved, and
 *  every entity checked (GUID, ЕИК 9/10/13 digits, name ≤ 120, hex certificate
 *  serial, https endpoint) — an entity that fails is skipped and named in
 *  RegistryDirectory::skipped, a reply whose structure is wrong is refused. A
 *  participant is active when the entity and its "Документооборот" service are. */
class RegistrySoap
{
public:
    /** The GUID of the "Документооборот" service that carries the endpoint URI. */
    static QString exchangeServiceGuid();

    static QByteArray soapAction(RegistryOperation operation);
    /** The request envelope; @p argument is the date (GetNewRecords, as xsd:dateTime),
     *  ЕИК, GUID or hex serial of the lookups, unused for GetAllRecords. */
    static QByteArray request(RegistryOperation operation, const QString &argument = {});
    /** The EGovMessageDir of a reply; SoapFault for a fault, InvalidInput otherwise. */
    static Result<RegistryDirectory> parseResponse(const QByteArray &envelope, qint64 maxBytes);
};

} // namespace dms::exchange
