// SPDX-License-Identifier: GPL-3.0-or-later
#include "ExchangePeer.h"

#include "exchange/SoapEnvelope.h"

#include <QFile>
#include <QProcess>

#include <utility>

namespace dms::exchange::test {

QString makeTransportCertificate(const QString &dir, const QString &name)
{
    const QString key = dir + "/" + name + ".key";
    const QString crt = dir + "/" + name + ".crt";
    const QString p12 = dir + "/" + name + ".p12";
    QProcess req;
    req.start("openssl",
              {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", crt, "-days", "30",
               "-subj", "/CN=" + name + ".obmen.invalid/ST=B:" + name, "-addext",
               "extendedKeyUsage=serverAuth,clientAuth"});
    req.waitForFinished(60000);
    QProcess pkcs12;
    pkcs12.start("openssl",
                 {"pkcs12", "-export", "-inkey", key, "-in", crt, "-out", p12, "-passout", "pass:test"});
    pkcs12.waitForFinished(60000);
    return req.exitCode() == 0 && pkcs12.exitCode() == 0 ? p12 : QString();
}

ExchangePeer::ExchangePeer(TempDatabase &db, const Participant &self, const QString &pkcs12Path)
    : m_db(db)
    , m_self(self)
{
    auto key = SoftwareSigningKey::fromPkcs12File(pkcs12Path, "test", db.clock);
    if (!key)
        qFatal("cannot load the test key: %s", qPrintable(key.error().toString()));
    m_key = std::move(key).value();
    restart();
}

void ExchangePeer::restart()
{
    m_service.reset();
    m_signer = std::make_unique<XmlDsigMessageSigner>(*m_key, m_db.clock);
    m_verifier = std::make_unique<XmlDsigMessageVerifier>(m_db.clock);
    m_service = std::make_unique<ExchangeService>(m_db.context(), m_self, *m_signer, *m_verifier);
}

QString ExchangePeer::serialHex() const
{
    return m_key->certificate().serialNumber();
}

Result<HttpReply> LoopbackTransport::post(const QString &endpointUri, const QByteArray &,
                                          const QByteArray &envelope)
{
    flushDelayed();
    ++m_calls;
    const Fault fault = m_times > 0 ? m_fault : Fault::None;
    if (m_times > 0)
        --m_times;
    if (fault == Fault::DropBefore)
        return makeError(ErrorCode::Network, "connection dropped", endpointUri);
    ExchangePeer *peer = m_peers.value(endpointUri);
    if (!peer)
        return makeError(ErrorCode::Network, "connection refused", endpointUri);
    if (fault == Fault::ServerFault)
        return HttpReply {500, SoapEnvelope::fault(false, "injected")};
    auto message = SoapEnvelope::parseSubmitRequest(envelope, 1 << 28);
    if (!message)
        return HttpReply {500, SoapEnvelope::fault(true, message.error().toString())};
    if (fault == Fault::Delayed) {
        m_delayed.append({peer, *message});
        return makeError(ErrorCode::Timeout, "no answer in time", endpointUri);
    }
    SubmitOutcome outcome = peer->service().receive(*message);
    if (fault == Fault::Duplicate)
        outcome = peer->service().receive(*message);
    if (fault == Fault::DropAfter)
        return makeError(ErrorCode::Timeout, "reply lost", endpointUri);
    switch (outcome.kind) {
    case SubmitOutcome::Kind::Reply:
        return HttpReply {200, SoapEnvelope::submitResponse(outcome.reply)};
    case SubmitOutcome::Kind::ClientFault:
        return HttpReply {500, SoapEnvelope::fault(true, outcome.faultText)};
    case SubmitOutcome::Kind::ServerFault:
        return HttpReply {500, SoapEnvelope::fault(false, outcome.faultText)};
    }
    return HttpReply {500, {}};
}

void LoopbackTransport::flushDelayed()
{
    const auto delayed = std::exchange(m_delayed, {});
    for (const auto &[peer, message] : delayed)
        (void)peer->service().receive(message);
}

namespace {

bool openssl(const QStringList &arguments)
{
    QProcess process;
    process.start("openssl", arguments);
    return process.waitForFinished(60000) && process.exitCode() == 0;
}

} // namespace

bool makePki(const QString &dir, const QStringList &names)
{
    if (!openssl({"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", dir + "/ca.key", "-out",
                  dir + "/ca.crt", "-days", "30", "-subj", "/CN=Test Exchange CA"}))
        return false;
    QFile ext(dir + "/ext.cnf");
    if (!ext.open(QIODevice::WriteOnly))
        return false;
    ext.write("subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n");
    ext.close();
    for (const QString &name : names) {
        const QString base = dir + "/" + name;
        if (!openssl({"req", "-newkey", "rsa:2048", "-nodes", "-keyout", base + ".key", "-out", base + ".csr",
                      "-subj", "/CN=localhost/ST=B:" + name})
            || !openssl({"x509", "-req", "-in", base + ".csr", "-CA", dir + "/ca.crt", "-CAkey",
                         dir + "/ca.key", "-CAcreateserial", "-out", base + ".crt", "-days", "30", "-extfile",
                         dir + "/ext.cnf"})
            || !openssl({"pkcs12", "-export", "-inkey", base + ".key", "-in", base + ".crt", "-out",
                         base + ".p12", "-passout", "pass:test"}))
            return false;
    }
    return true;
}

} // namespace dms::exchange::test
