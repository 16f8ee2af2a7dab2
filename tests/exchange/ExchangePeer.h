// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "TempDatabase.h"
#include "exchange/ExchangeService.h"
#include "exchange/Transport.h"
#include "exchange/signing/XmlDsigMessageSigner.h"
#include "exchange/signing/XmlDsigMessageVerifier.h"
#include "signing/SoftwareSigningKey.h"

#include <QMap>
#include <QTemporaryDir>

#include <functional>
#include <memory>

namespace dms::exchange::test {

/** A throwaway RSA-2048 transport certificate, self-signed, as PKCS#12 (password "test"). */
QString makeTransportCertificate(const QString &dir, const QString &name);

/** A CA (ca.crt/ca.key) and, per name, a localhost server/client certificate
 *  (NAME.crt, NAME.key, NAME.p12 with password "test") in @p dir, made by the
 *  openssl command. */
bool makePki(const QString &dir, const QStringList &names);

/** One administration for the tests: its own database, clock, transport key and
 *  ExchangeService (which can be rebuilt on the same database: a restart). */
class ExchangePeer
{
public:
    ExchangePeer(TempDatabase &db, const Participant &self, const QString &pkcs12Path);
    void restart();
    ExchangeService &service() { return *m_service; }
    TempDatabase &db() { return m_db; }
    QString serialHex() const;
    const Participant &self() const { return m_self; }

private:
    TempDatabase &m_db;
    Participant m_self;
    std::unique_ptr<SoftwareSigningKey> m_key;
    std::unique_ptr<XmlDsigMessageSigner> m_signer;
    std::unique_ptr<XmlDsigMessageVerifier> m_verifier;
    std::unique_ptr<ExchangeService> m_service;
};

/** Routes Submit calls to in-process peers through the real SOAP framing, with
 *  fault injection: the next calls can be dropped before or after delivery, answered
 *  with a SOAP fault, delivered twice, or delayed (the sender times out first and
 *  the receiver processes the request afterwards, when the next call comes in). */
class LoopbackTransport final : public Transport
{
public:
    enum class Fault { None, DropBefore, DropAfter, ServerFault, Duplicate, Delayed };
    void addPeer(const QString &uri, ExchangePeer *peer) { m_peers.insert(uri, peer); }
    void failNext(Fault fault, int times = 1)
    {
        m_fault = fault;
        m_times = times;
    }
    int calls() const { return m_calls; }
    Result<HttpReply> post(const QString &endpointUri, const QByteArray &soapAction,
                           const QByteArray &envelope) override;

    /** Processes the delayed requests now (their replies go nowhere: the sender gave up). */
    void flushDelayed();

private:
    QMap<QString, ExchangePeer *> m_peers;
    QList<QPair<ExchangePeer *, QByteArray>> m_delayed;
    Fault m_fault = Fault::None;
    int m_times = 0;
    int m_calls = 0;
};

} // namespace dms::exchange::test
