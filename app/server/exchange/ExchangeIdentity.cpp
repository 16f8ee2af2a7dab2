// SPDX-License-Identifier: GPL-3.0-or-later
#include "ExchangeIdentity.h"

#include "core/Clock.h"
#include "core/Tr.h"
#include "exchange/signing/XmlDsigMessageSigner.h"
#include "exchange/signing/XmlDsigMessageVerifier.h"
#include "signing/CertificateInfo.h"
#include "signing/SoftwareSigningKey.h"

#include <QFile>

#include <openssl/bio.h>
#include <openssl/pem.h>

namespace dms::server {

namespace {

Result<QByteArray> readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::NotFound, Tr::tr("Cannot read the file."), path);
    return file.readAll();
}

/** The transport certificate (first PEM block) with its unencrypted PEM key. */
Result<std::unique_ptr<SoftwareSigningKey>> loadKey(const ServerConfig &config, const Clock &clock)
{
    auto certificatePem = readFile(config.exchangeCertificateFile);
    if (!certificatePem)
        return certificatePem.error();
    auto certificates = CertificateInfo::listFromPem(*certificatePem);
    if (!certificates || certificates->isEmpty())
        return makeError(ErrorCode::InvalidInput, Tr::tr("exchange/certificate holds no PEM certificate."),
                         config.exchangeCertificateFile);
    auto keyPem = readFile(config.exchangeKeyFile);
    if (!keyPem)
        return keyPem.error();
    BIO *bio = BIO_new_mem_buf(keyPem->constData(), int(keyPem->size()));
    EVP_PKEY *key = bio ? PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr) : nullptr;
    BIO_free(bio);
    if (!key)
        return makeError(ErrorCode::InvalidInput, Tr::tr("exchange/key is no unencrypted PEM private key."),
                         config.exchangeKeyFile);
    auto signingKey = SoftwareSigningKey::fromKey(key, certificates->constFirst(), clock);
    EVP_PKEY_free(key); // fromKey took its own reference
    if (!signingKey)
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("exchange/key does not belong to the exchange/certificate."),
                         config.exchangeKeyFile);
    return signingKey;
}

Result<QList<CertificateInfo>> loadPeersCa(const ServerConfig &config)
{
    auto pem = readFile(config.exchangePeersCaFile);
    if (!pem)
        return pem.error();
    auto anchors = CertificateInfo::listFromPem(*pem);
    if (!anchors || anchors->isEmpty())
        return makeError(ErrorCode::InvalidInput, Tr::tr("exchange/peers_ca holds no PEM certificate."),
                         config.exchangePeersCaFile);
    return anchors;
}

} // namespace

ExchangeIdentity::~ExchangeIdentity() = default;

Result<std::unique_ptr<ExchangeIdentity>> ExchangeIdentity::load(const ServerConfig &config,
                                                                 const Clock &clock)
{
    auto key = loadKey(config, clock);
    if (!key)
        return key.error();
    // The peers' CA is for TLS (HttpsTransport); it is checked here so that a broken file
    // shows up in --check-config. Message signatures are pinned by the registry's
    // certificate serial instead: deployed peers' signing certificates need not chain to it.
    auto anchors = loadPeersCa(config);
    if (!anchors)
        return anchors.error();
    std::unique_ptr<ExchangeIdentity> identity(new ExchangeIdentity);
    identity->m_self = {config.exchangeIdentifier, config.exchangeName, config.exchangeGuid};
    identity->m_key = std::move(key).value();
    identity->m_signer = std::make_unique<exchange::XmlDsigMessageSigner>(*identity->m_key, clock);
    identity->m_verifier = std::make_unique<exchange::XmlDsigMessageVerifier>(clock);
    return identity;
}

} // namespace dms::server
