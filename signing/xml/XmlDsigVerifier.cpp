// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/xml/XmlDsigVerifier.h"

#include "core/Clock.h"
#include "core/Tr.h"
#include "signing/OpenSsl.h"
#include "signing/SignatureEncoding.h"
#include "signing/verify/RevocationEvidence.h"
#include "signing/xml/XmlCanonicalizer.h"
#include "signing/xml/XmlDsigNames.h"
#include "signing/xml/XmlParser.h"

#include <QCryptographicHash>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

namespace dms {

namespace {

namespace N = XmlDsigNames;
using Indication = SignatureReport::Indication;
using SubIndication = SignatureReport::SubIndication;
using Method = XmlCanonicalizer::Method;

/** Records a failed check; the first TOTAL_FAILED wins over any INDETERMINATE. */
void fail(SignatureReport &report, Indication indication, SubIndication subIndication, const QString &message)
{
    report.errors.append(message);
    if (report.indication == Indication::TotalPassed
        || (report.indication == Indication::Indeterminate && indication == Indication::TotalFailed)) {
        report.indication = indication;
        report.subIndication = subIndication;
    }
}

void formatFailure(SignatureReport &report, const QString &message)
{
    fail(report, Indication::TotalFailed, SubIndication::FormatFailure, message);
}

/** Strict base64 (whitespace allowed between characters, as XML line-wraps it). */
bool decodeBase64(const QString &text, QByteArray &out)
{
    QByteArray compact = text.toLatin1();
    compact.replace(' ', QByteArray())
        .replace('\n', QByteArray())
        .replace('\r', QByteArray())
        .replace('\t', QByteArray());
    const auto decoded = QByteArray::fromBase64Encoding(
        compact, QByteArray::Base64Encoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || compact.isEmpty() || compact.size() % 4 != 0)
        return false;
    out = *decoded;
    return true;
}

struct DigestChoice
{
    bool known = false;
    bool sha1 = false;
    QCryptographicHash::Algorithm algorithm = QCryptographicHash::Sha256;
};

DigestChoice digestFor(const QString &uri)
{
    if (uri == QLatin1String(N::sha1))
        return {true, true, QCryptographicHash::Sha1};
    if (uri == QLatin1String(N::sha256))
        return {true, false, QCryptographicHash::Sha256};
    if (uri == QLatin1String(N::sha384))
        return {true, false, QCryptographicHash::Sha384};
    if (uri == QLatin1String(N::sha512))
        return {true, false, QCryptographicHash::Sha512};
    return {};
}

struct SignatureMethod
{
    bool known = false;
    bool ec = false;
    bool sha1 = false;
    const EVP_MD *md = nullptr;
};

SignatureMethod signatureMethodFor(const QString &uri)
{
    if (uri == QLatin1String(N::rsaSha1))
        return {true, false, true, EVP_sha1()};
    if (uri == QLatin1String(N::rsaSha256))
        return {true, false, false, EVP_sha256()};
    if (uri == QLatin1String(N::rsaSha384))
        return {true, false, false, EVP_sha384()};
    if (uri == QLatin1String(N::rsaSha512))
        return {true, false, false, EVP_sha512()};
    if (uri == QLatin1String(N::ecdsaSha256))
        return {true, true, false, EVP_sha256()};
    return {};
}

/** One ds:Reference as read from SignedInfo. */
struct Reference
{
    xmlNode *node = nullptr;
    QString uri;
    bool hasUri = false;
    QString type;
    bool enveloped = false;
    Method method = Method::Inclusive;
    QStringList inclusivePrefixes;
    QString digestMethod;
    QString digestValue;
};

QStringList prefixListOf(xmlNode *transform)
{
    xmlNode *inclusive = XmlParser::child(transform, N::excC14nNs, "InclusiveNamespaces");
    if (!inclusive)
        return {};
    return XmlParser::attribute(inclusive, "PrefixList").split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

/** Reads a Reference; false (with a report entry) when it uses anything outside the allow-list. */
bool readReference(xmlNode *node, Reference &reference, SignatureReport &report)
{
    reference.node = node;
    xmlChar *uri = xmlGetNoNsProp(node, reinterpret_cast<const xmlChar *>("URI"));
    reference.hasUri = uri != nullptr;
    reference.uri = XmlParser::text(uri);
    xmlFree(uri);
    reference.type = XmlParser::attribute(node, "Type");
    xmlNode *child = XmlParser::firstElement(node);
    if (XmlParser::isElement(child, N::dsigNs, "Transforms")) {
        bool canonicalized = false;
        for (xmlNode *transform = XmlParser::firstElement(child); transform;
             transform = XmlParser::nextElement(transform)) {
            const QString algorithm = XmlParser::attribute(transform, "Algorithm");
            Method method;
            if (!XmlParser::isElement(transform, N::dsigNs, "Transform") || canonicalized) {
                formatFailure(report, Tr::tr("A signature reference has an unexpected transform chain."));
                return false;
            }
            if (algorithm == QLatin1String(N::envelopedSignature) && !reference.enveloped) {
                reference.enveloped = true;
            } else if (XmlCanonicalizer::methodFor(algorithm, method)) {
                reference.method = method;
                reference.inclusivePrefixes = prefixListOf(transform);
                canonicalized = true;
            } else {
                formatFailure(report,
                              Tr::tr("A signature reference uses a transform that is not accepted (%1).")
                                  .arg(algorithm));
                return false;
            }
        }
        child = XmlParser::nextElement(child);
    }
    if (!XmlParser::isElement(child, N::dsigNs, "DigestMethod")) {
        formatFailure(report, Tr::tr("A signature reference has no digest method."));
        return false;
    }
    reference.digestMethod = XmlParser::attribute(child, "Algorithm");
    child = XmlParser::nextElement(child);
    if (!XmlParser::isElement(child, N::dsigNs, "DigestValue") || XmlParser::nextElement(child)) {
        formatFailure(report, Tr::tr("A signature reference has no digest value."));
        return false;
    }
    reference.digestValue = XmlParser::content(child);
    return true;
}

QList<xmlNode *> allSignatures(xmlDoc *doc)
{
    QList<xmlNode *> found;
    xmlNode *node = xmlDocGetRootElement(doc);
    while (node) {
        if (XmlParser::isElement(node, N::dsigNs, "Signature"))
            found.append(node);
        if (node->children && node->type == XML_ELEMENT_NODE) {
            node = node->children;
            continue;
        }
        while (node && !node->next && node->parent && node->parent->type == XML_ELEMENT_NODE)
            node = node->parent;
        node = node ? node->next : nullptr;
    }
    return found;
}

bool signatureValueVerifies(const CertificateInfo &signer, const SignatureMethod &method, QByteArray value,
                            const QByteArray &signedInfo)
{
    const auto *p = reinterpret_cast<const unsigned char *>(signer.der().constData());
    OpenSsl::X509Ptr x509(d2i_X509(nullptr, &p, signer.der().size()));
    EVP_PKEY *key = x509 ? X509_get0_pubkey(x509.get()) : nullptr;
    if (!key)
        return false;
    if (method.ec) {
        auto der = SignatureEncoding::ecdsaRawToDer(value);
        if (!der)
            return false;
        value = *der;
    }
    OpenSsl::MdCtxPtr context(EVP_MD_CTX_new());
    const bool ok = context && EVP_DigestVerifyInit(context.get(), nullptr, method.md, nullptr, key) == 1
        && EVP_DigestVerify(context.get(), reinterpret_cast<const unsigned char *>(value.constData()),
                            static_cast<size_t>(value.size()),
                            reinterpret_cast<const unsigned char *>(signedInfo.constData()),
                            static_cast<size_t>(signedInfo.size()))
            == 1;
    ERR_clear_error();
    return ok;
}

/** XAdES SignedProperties: SigningTime and the SigningCertificate(V2) digest of @p signer. */
void checkSignedProperties(xmlNode *signedProperties, const CertificateInfo &signer, SignatureReport &report)
{
    xmlNode *signatureProperties
        = XmlParser::child(signedProperties, N::xadesNs, "SignedSignatureProperties");
    if (xmlNode *time = XmlParser::child(signatureProperties, N::xadesNs, "SigningTime")) {
        report.signingTime = QDateTime::fromString(XmlParser::content(time).trimmed(), Qt::ISODate).toUTC();
    }
    bool matched = false;
    bool present = false;
    for (const char *name : {"SigningCertificateV2", "SigningCertificate"}) {
        xmlNode *signingCertificate = XmlParser::child(signatureProperties, N::xadesNs, name);
        if (!signingCertificate)
            continue;
        present = true;
        for (xmlNode *cert = XmlParser::firstElement(signingCertificate); cert;
             cert = XmlParser::nextElement(cert)) {
            xmlNode *certDigest = XmlParser::child(cert, N::xadesNs, "CertDigest");
            xmlNode *method = XmlParser::child(certDigest, N::dsigNs, "DigestMethod");
            xmlNode *value = XmlParser::child(certDigest, N::dsigNs, "DigestValue");
            const DigestChoice choice = digestFor(XmlParser::attribute(method, "Algorithm"));
            QByteArray expected;
            if (choice.known && value && decodeBase64(XmlParser::content(value), expected)
                && QCryptographicHash::hash(signer.der(), choice.algorithm) == expected)
                matched = true;
        }
    }
    if (!present || !matched)
        fail(report, Indication::Indeterminate, SubIndication::NoSigningCertificateFound,
             present
                 ? Tr::tr("The signing-certificate property does not name the certificate in the signature.")
                 : Tr::tr("The signature lacks the signing-certificate property binding the signer's "
                          "certificate."));
}

} // namespace

XmlDsigVerifier::XmlDsigVerifier(const Clock &clock)
    : m_clock(clock)
    , m_validator(clock)
{
    m_validator.setPolicy(defaultPolicy());
}

ValidationPolicy XmlDsigVerifier::defaultPolicy()
{
    ValidationPolicy policy;
    policy.revocationRequired = false;
    return policy;
}

Status XmlDsigVerifier::loadTrustAnchorsPem(const QString &path)
{
    auto anchors = CertificateInfo::trustAnchorsFromPemFile(path);
    if (!anchors)
        return anchors.error();
    m_validator.setTrustAnchors(*anchors);
    return {};
}

XmlVerification XmlDsigVerifier::verify(const QByteArray &xml) const
{
    XmlVerification result;
    SignatureReport &report = result.report;
    auto parsed = XmlParser::parse(xml, m_options.maxInputBytes);
    if (!parsed) {
        report.errors.append(parsed.error().message);
        return result; // TOTAL_FAILED/FORMAT_FAILURE
    }
    xmlDoc *doc = parsed->get();
    xmlNode *root = xmlDocGetRootElement(doc);
    const QList<xmlNode *> signatures = allSignatures(doc);
    if (signatures.size() != 1) {
        report.errors.append(signatures.isEmpty() ? Tr::tr("The XML document is not signed.")
                                                  : Tr::tr("The XML document has more than one signature."));
        return result;
    }
    xmlNode *signature = signatures.first();
    report.indication = Indication::TotalPassed;
    report.subIndication = SubIndication::None;
    report.format = QStringLiteral("XMLDSig");

    // Structure: SignedInfo, SignatureValue, KeyInfo?, Object*.
    xmlNode *signedInfo = XmlParser::firstElement(signature);
    xmlNode *signatureValue = XmlParser::nextElement(signedInfo);
    if (!XmlParser::isElement(signedInfo, N::dsigNs, "SignedInfo")
        || !XmlParser::isElement(signatureValue, N::dsigNs, "SignatureValue")) {
        formatFailure(report, Tr::tr("The signature lacks SignedInfo or SignatureValue."));
        return result;
    }
    xmlNode *keyInfo = XmlParser::child(signature, N::dsigNs, "KeyInfo");
    xmlNode *c14nNode = XmlParser::firstElement(signedInfo);
    xmlNode *methodNode = XmlParser::nextElement(c14nNode);
    Method signedInfoMethod;
    if (!XmlParser::isElement(c14nNode, N::dsigNs, "CanonicalizationMethod")
        || !XmlCanonicalizer::methodFor(XmlParser::attribute(c14nNode, "Algorithm"), signedInfoMethod)
        || !XmlParser::isElement(methodNode, N::dsigNs, "SignatureMethod")) {
        formatFailure(report, Tr::tr("The signature's canonicalisation method is missing or not accepted."));
        return result;
    }
    const QString methodUri = XmlParser::attribute(methodNode, "Algorithm");
    const SignatureMethod method = signatureMethodFor(methodUri);
    if (!method.known) {
        formatFailure(report, Tr::tr("The signature algorithm is not supported (%1).").arg(methodUri));
        return result;
    }
    QList<Reference> references;
    for (xmlNode *node = XmlParser::nextElement(methodNode); node; node = XmlParser::nextElement(node)) {
        Reference reference;
        if (!XmlParser::isElement(node, N::dsigNs, "Reference")) {
            formatFailure(report, Tr::tr("SignedInfo holds an unexpected element."));
            return result;
        }
        if (!readReference(node, reference, report))
            return result;
        references.append(reference);
    }

    // The signer's certificate: the first X509Certificate of KeyInfo.
    xmlNode *x509Data = XmlParser::child(keyInfo, N::dsigNs, "X509Data");
    for (xmlNode *node = XmlParser::firstElement(x509Data); node; node = XmlParser::nextElement(node)) {
        if (!XmlParser::isElement(node, N::dsigNs, "X509Certificate"))
            continue;
        QByteArray der;
        Result<CertificateInfo> certificate = decodeBase64(XmlParser::content(node), der)
            ? CertificateInfo::fromDer(der)
            : Result<CertificateInfo>(
                makeError(ErrorCode::InvalidInput, QString(), QStringLiteral("base64")));
        if (!certificate) {
            formatFailure(report, Tr::tr("A certificate in the signature's KeyInfo is malformed."));
            return result;
        }
        result.certificates.append(*certificate);
    }
    if (result.certificates.isEmpty()) {
        fail(report, Indication::Indeterminate, SubIndication::NoSigningCertificateFound,
             Tr::tr("The signature does not carry the signer's certificate (KeyInfo/X509Data)."));
        return result;
    }
    report.signer = result.certificates.first();

    // References: one content reference enveloping this Signature, at most one SignedProperties.
    int contentReferences = 0;
    xmlNode *signedProperties = nullptr;
    for (const Reference &reference : references) {
        const bool isProperties = reference.type == QLatin1String(N::signedPropertiesType);
        if (!reference.hasUri || (!reference.uri.isEmpty() && !reference.uri.startsWith(QLatin1Char('#')))
            || reference.uri == QLatin1String("#")) {
            formatFailure(
                report, Tr::tr("A signature reference points outside the document (%1).").arg(reference.uri));
            return result;
        }
        xmlNode *target = root;
        QString id;
        if (!reference.uri.isEmpty()) {
            id = reference.uri.mid(1);
            const QList<xmlNode *> matches = XmlParser::elementsWithId(doc, id);
            if (matches.size() != 1) {
                fail(report, Indication::TotalFailed,
                     matches.isEmpty() ? SubIndication::SignedDataNotFound : SubIndication::FormatFailure,
                     matches.isEmpty()
                         ? Tr::tr("The signed element \"%1\" is not in the document.").arg(id)
                         : Tr::tr("The id \"%1\" occurs more than once in the document (a signature "
                                  "wrapping attempt).")
                               .arg(id));
                return result;
            }
            target = matches.first();
        }
        if (isProperties) {
            xmlNode *qualifying = target ? target->parent : nullptr;
            if (signedProperties || !XmlParser::isElement(target, N::xadesNs, "SignedProperties")
                || !XmlParser::isElement(qualifying, N::xadesNs, "QualifyingProperties")
                || !XmlParser::isElement(qualifying->parent, N::dsigNs, "Object")
                || qualifying->parent->parent != signature) {
                formatFailure(report,
                              Tr::tr("The signed properties reference does not point to this signature's "
                                     "SignedProperties."));
                return result;
            }
            signedProperties = target;
        } else {
            ++contentReferences;
            // Enveloped: the Signature must be a child of the signed element, nowhere else.
            if (signature->parent != target || !reference.enveloped) {
                formatFailure(report,
                              Tr::tr("The signature is not enveloped by the element it signs (it was "
                                     "moved, or the document was wrapped)."));
                return result;
            }
            result.coversWholeDocument = target == root;
            result.signedElementId = id;
        }
        const DigestChoice digest = digestFor(reference.digestMethod);
        if (!digest.known) {
            formatFailure(report,
                          Tr::tr("A signature reference uses an unknown digest algorithm (%1).")
                              .arg(reference.digestMethod));
            return result;
        }
        if (digest.sha1 && !m_options.acceptSha1)
            fail(report, Indication::Indeterminate, SubIndication::CryptoConstraintsFailure,
                 Tr::tr("The signature uses SHA-1, which is no longer accepted."));
        QByteArray expected;
        if (!decodeBase64(reference.digestValue, expected)) {
            formatFailure(report, Tr::tr("A digest value in the signature is not valid base64."));
            return result;
        }
        auto canonical = XmlCanonicalizer::canonicalize(doc, reference.uri.isEmpty() ? nullptr : target,
                                                        reference.enveloped ? signature : nullptr,
                                                        reference.method, reference.inclusivePrefixes);
        if (!canonical) {
            formatFailure(report, canonical.error().message);
            return result;
        }
        auto actual = isProperties || m_options.externalTexts.isEmpty()
            ? Result<QByteArray>(QCryptographicHash::hash(*canonical, digest.algorithm))
            : SplicedContent::hash(*canonical, m_options.externalTexts, digest.algorithm);
        if (!actual) {
            formatFailure(report, actual.error().message);
            return result;
        }
        if (*actual != expected) {
            fail(report, Indication::TotalFailed, SubIndication::HashFailure,
                 isProperties
                     ? Tr::tr("The signed properties have been changed after signing.")
                     : Tr::tr("The document has been changed after it was signed (its digest does not "
                              "match the signature)."));
        } else if (!isProperties) {
            result.signedContent = *canonical;
        }
    }
    if (contentReferences != 1) {
        formatFailure(report, Tr::tr("The signature must have exactly one reference to the signed content."));
        result.signedContent.clear();
        return result;
    }
    if (m_options.requireWholeDocument
        && (!result.coversWholeDocument || !result.signedElementId.isEmpty()
            || XmlParser::nextElement(signature))) {
        formatFailure(report,
                      Tr::tr("The signature must cover the whole document (reference URI=\"\") and be "
                             "the last element of the document."));
        result.signedContent.clear();
        return result;
    }
    if (!result.coversWholeDocument)
        report.warnings.append(
            Tr::tr("Only part of the document (the element \"%1\") is signed.").arg(result.signedElementId));

    // The signature value over the canonical SignedInfo.
    if (method.sha1 && !m_options.acceptSha1)
        fail(report, Indication::Indeterminate, SubIndication::CryptoConstraintsFailure,
             Tr::tr("The signature uses SHA-1, which is no longer accepted."));
    QByteArray value;
    auto canonicalSignedInfo = XmlCanonicalizer::canonicalize(doc, signedInfo, nullptr, signedInfoMethod);
    if (!decodeBase64(XmlParser::content(signatureValue), value) || !canonicalSignedInfo) {
        formatFailure(report, Tr::tr("The signature value is not valid base64."));
        result.signedContent.clear();
        return result;
    }
    const bool ecKey = report.signer.keyType() == CertificateInfo::KeyType::EcP256
        || report.signer.keyType() == CertificateInfo::KeyType::EcOther;
    if (ecKey != method.ec || !signatureValueVerifies(report.signer, method, value, *canonicalSignedInfo))
        fail(report, Indication::TotalFailed, SubIndication::SigCryptoFailure,
             Tr::tr("The signature value is not valid for the signer's certificate."));

    if (signedProperties) {
        report.format = QStringLiteral("XAdES-BASELINE-B");
        checkSignedProperties(signedProperties, report.signer, report);
    }

    const bool weakRsa
        = report.signer.keyType() == CertificateInfo::KeyType::Rsa && report.signer.keyBits() < 2048;
    const bool weakEc
        = report.signer.keyType() == CertificateInfo::KeyType::EcOther && report.signer.keyBits() < 256;
    if (weakRsa || weakEc || report.signer.keyType() == CertificateInfo::KeyType::Unknown)
        fail(report, Indication::Indeterminate, SubIndication::CryptoConstraintsFailure,
             Tr::tr("The signer's key (%1 bits) is too weak or of an unsupported type.")
                 .arg(report.signer.keyBits()));

    // No time-stamp in B-B: the certificates are checked now.
    report.validationTime = m_clock.now();
    if (report.signingTime.isValid())
        report.notes.append(Tr::tr("The signing time is the signer's own claim; no time-stamp proves it."));
    const CertificateValidator::SignatureTimes times {report.validationTime, false, report.signingTime};
    const CertificateValidator::SignerResult signer
        = m_validator.validateSigner(report.signer, result.certificates, times, RevocationEvidence(), report);
    if (!report.isPassed()) {
        if (report.indication == Indication::TotalFailed)
            result.signedContent.clear();
        return result;
    }
    report.level = m_validator.signatureLevel(signer.chain, report.validationTime, report);
    return result;
}

} // namespace dms
