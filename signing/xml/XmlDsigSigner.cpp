// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/xml/XmlDsigSigner.h"

#include "core/Clock.h"
#include "core/Tr.h"
#include "signing/SignatureEncoding.h"
#include "signing/SigningKey.h"
#include "signing/xml/XmlCanonicalizer.h"
#include "signing/xml/XmlDsigNames.h"
#include "signing/xml/XmlParser.h"

#include <QCryptographicHash>
#include <QUuid>

#include <libxml/tree.h>

namespace dms {

namespace {

namespace N = XmlDsigNames;
using Method = XmlCanonicalizer::Method;

const xmlChar *x(const char *text)
{
    return reinterpret_cast<const xmlChar *>(text);
}

/** Builds elements in one namespace under a parent, keeping the libxml2 calls short. */
class Builder
{
public:
    explicit Builder(xmlNs *ns)
        : m_ns(ns)
    { }

    xmlNode *add(xmlNode *parent, const char *name, const QByteArray &text = {}) const
    {
        return xmlNewTextChild(parent, m_ns, x(name), text.isEmpty() ? nullptr : x(text.constData()));
    }

    xmlNode *addWithAlgorithm(xmlNode *parent, const char *name, const char *algorithm) const
    {
        xmlNode *node = add(parent, name);
        xmlNewProp(node, x("Algorithm"), x(algorithm));
        return node;
    }

private:
    xmlNs *m_ns;
};

QCryptographicHash::Algorithm hashOf(DigestAlgorithm digest)
{
    return digest == DigestAlgorithm::Sha1 ? QCryptographicHash::Sha1 : QCryptographicHash::Sha256;
}

const char *digestUri(DigestAlgorithm digest)
{
    return digest == DigestAlgorithm::Sha1 ? N::sha1 : N::sha256;
}

Error invalid(const QString &message, const QString &detail)
{
    return makeError(ErrorCode::InvalidInput, message, detail);
}

} // namespace

XmlDsigSigner::XmlDsigSigner(SigningKey &key, const Clock &clock)
    : m_key(key)
    , m_clock(clock)
{ }

Result<QByteArray> XmlDsigSigner::signEnveloped(const QByteArray &xml, const XmlSignatureOptions &options)
{
    constexpr qsizetype maxBytes = 64 * 1024 * 1024;
    auto parsed = XmlParser::parse(xml, maxBytes);
    if (!parsed)
        return parsed.error();
    xmlDoc *doc = parsed->get();
    const CertificateInfo certificate = m_key.certificate();
    const bool ec = certificate.keyType() == CertificateInfo::KeyType::EcP256
        || certificate.keyType() == CertificateInfo::KeyType::EcOther;
    if (certificate.keyType() == CertificateInfo::KeyType::Unknown)
        return invalid(Tr::tr("The certificate's key type is not supported for signing."),
                       QStringLiteral("key type neither RSA nor EC"));
    const DigestAlgorithm digest = ec ? DigestAlgorithm::Sha256 : options.digest;
    const bool exclusive = options.canonicalization == XmlSignatureOptions::Canonicalization::Exclusive;
    const Method method = exclusive ? Method::Exclusive : Method::Inclusive;
    const char *c14nUri = exclusive ? N::excC14n : N::c14n;
    const bool xades = options.form == XmlSignatureOptions::Form::XadesBaselineB;

    // The signed element: the document element, or the one element carrying the id.
    xmlNode *signedElement = xmlDocGetRootElement(doc);
    if (!options.referenceId.isEmpty()) {
        const QList<xmlNode *> matches = XmlParser::elementsWithId(doc, options.referenceId);
        if (matches.size() != 1)
            return invalid(
                matches.isEmpty() ? Tr::tr("No element has the id to be signed.")
                                  : Tr::tr("The id to be signed occurs more than once."),
                QStringLiteral("id \"%1\": %2 elements").arg(options.referenceId).arg(matches.size()));
        signedElement = matches.first();
    }

    // The Signature goes in first so that canonicalisation sees its final namespace context.
    const QByteArray prefix = options.prefix.toUtf8();
    xmlNode *signature = xmlNewDocNode(doc, nullptr, x("Signature"), nullptr);
    xmlAddChild(signedElement, signature);
    xmlNs *dsNs = xmlNewNs(signature, x(N::dsigNs), prefix.isEmpty() ? nullptr : x(prefix.constData()));
    xmlSetNs(signature, dsNs);
    const Builder ds(dsNs);
    const QString signatureId = !options.signatureId.isEmpty()
        ? options.signatureId
        : (xades ? QStringLiteral("sig-") + QUuid::createUuid().toString(QUuid::WithoutBraces) : QString());
    if (!signatureId.isEmpty())
        xmlNewProp(signature, x("Id"), x(signatureId.toUtf8().constData()));

    xmlNode *signedInfo = ds.add(signature, "SignedInfo");
    ds.addWithAlgorithm(signedInfo, "CanonicalizationMethod", c14nUri);
    ds.addWithAlgorithm(signedInfo, "SignatureMethod",
                        ec ? N::ecdsaSha256 : (digest == DigestAlgorithm::Sha1 ? N::rsaSha1 : N::rsaSha256));

    xmlNode *contentReference = ds.add(signedInfo, "Reference");
    const QString contentUri
        = options.referenceId.isEmpty() ? QString() : QLatin1Char('#') + options.referenceId;
    xmlNewProp(contentReference, x("URI"), x(contentUri.toUtf8().constData()));
    xmlNode *transforms = ds.add(contentReference, "Transforms");
    ds.addWithAlgorithm(transforms, "Transform", N::envelopedSignature);
    if (exclusive) // Inclusive C14N 1.0 is the implicit final step (and what .NET peers expect).
        ds.addWithAlgorithm(transforms, "Transform", N::excC14n);
    ds.addWithAlgorithm(contentReference, "DigestMethod", digestUri(digest));
    xmlNode *contentDigest = ds.add(contentReference, "DigestValue");

    xmlNode *signatureValue = ds.add(signature, "SignatureValue");
    xmlNode *keyInfo = ds.add(signature, "KeyInfo");
    xmlNode *x509Data = ds.add(keyInfo, "X509Data");
    ds.add(x509Data, "X509Certificate", certificate.der().toBase64());
    for (const CertificateInfo &extra : options.extraCertificates)
        ds.add(x509Data, "X509Certificate", extra.der().toBase64());

    xmlNode *signedProperties = nullptr;
    xmlNode *propertiesDigest = nullptr;
    if (xades) {
        const QString propertiesId = QStringLiteral("xades-") + signatureId;
        xmlNode *object = ds.add(signature, "Object");
        xmlNode *qualifying = xmlNewChild(object, nullptr, x("QualifyingProperties"), nullptr);
        xmlNs *xadesNs = xmlNewNs(qualifying, x(N::xadesNs), x("xades"));
        xmlSetNs(qualifying, xadesNs);
        const Builder xa(xadesNs);
        xmlNewProp(qualifying, x("Target"), x((QLatin1Char('#') + signatureId).toUtf8().constData()));
        signedProperties = xa.add(qualifying, "SignedProperties");
        xmlNewProp(signedProperties, x("Id"), x(propertiesId.toUtf8().constData()));
        xmlNode *signatureProperties = xa.add(signedProperties, "SignedSignatureProperties");
        xa.add(signatureProperties, "SigningTime",
               m_clock.now().toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ssZ")).toUtf8());
        xmlNode *cert = xa.add(xa.add(signatureProperties, "SigningCertificateV2"), "Cert");
        xmlNode *certDigest = xa.add(cert, "CertDigest");
        ds.addWithAlgorithm(certDigest, "DigestMethod", N::sha256);
        ds.add(certDigest, "DigestValue", certificate.sha256Fingerprint().toBase64());

        xmlNode *propertiesReference = ds.add(signedInfo, "Reference");
        xmlNewProp(propertiesReference, x("Type"), x(N::signedPropertiesType));
        xmlNewProp(propertiesReference, x("URI"), x((QLatin1Char('#') + propertiesId).toUtf8().constData()));
        ds.addWithAlgorithm(ds.add(propertiesReference, "Transforms"), "Transform", c14nUri);
        ds.addWithAlgorithm(propertiesReference, "DigestMethod", digestUri(digest));
        propertiesDigest = ds.add(propertiesReference, "DigestValue");
    }

    // Reference digests, then SignedInfo.
    auto content = XmlCanonicalizer::canonicalize(
        doc, options.referenceId.isEmpty() ? nullptr : signedElement, signature, method);
    if (!content)
        return content.error();
    auto contentHash = options.externalTexts.isEmpty()
        ? Result<QByteArray>(QCryptographicHash::hash(*content, hashOf(digest)))
        : SplicedContent::hash(*content, options.externalTexts, hashOf(digest));
    if (!contentHash)
        return contentHash.error();
    xmlNodeSetContent(contentDigest, x(contentHash->toBase64().constData()));
    if (signedProperties) {
        auto properties = XmlCanonicalizer::canonicalize(doc, signedProperties, nullptr, method);
        if (!properties)
            return properties.error();
        xmlNodeSetContent(propertiesDigest,
                          x(QCryptographicHash::hash(*properties, hashOf(digest)).toBase64().constData()));
    }
    auto canonicalSignedInfo = XmlCanonicalizer::canonicalize(doc, signedInfo, nullptr, method);
    if (!canonicalSignedInfo)
        return canonicalSignedInfo.error();
    auto value = m_key.signDigest(digest, QCryptographicHash::hash(*canonicalSignedInfo, hashOf(digest)));
    if (!value)
        return value.error();
    QByteArray signatureBytes = *value;
    if (ec) { // XMLDSig wants r‖s, not the DER the key returns.
        auto raw = SignatureEncoding::ecdsaDerToRaw(signatureBytes, (certificate.keyBits() + 7) / 8);
        if (!raw)
            return raw.error();
        signatureBytes = *raw;
    }
    xmlNodeSetContent(signatureValue, x(signatureBytes.toBase64().constData()));

    xmlChar *output = nullptr;
    int length = 0;
    xmlDocDumpMemoryEnc(doc, &output, &length, "UTF-8");
    if (!output)
        return makeError(ErrorCode::Internal, Tr::tr("The signed XML could not be written."),
                         QStringLiteral("xmlDocDumpMemoryEnc"));
    QByteArray result(reinterpret_cast<const char *>(output), length);
    xmlFree(output);
    return result;
}

} // namespace dms
