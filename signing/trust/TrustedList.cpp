// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/trust/TrustedList.h"

#include "core/Tr.h"
#include "signing/xml/XmlDsigVerifier.h"
#include "signing/xml/XmlParser.h"

#include <QFile>

#include <algorithm>

namespace dms {

namespace {

constexpr char s_tslNs[] = "http://uri.etsi.org/02231/v2#";
constexpr qsizetype s_maxListBytes = 64 * 1024 * 1024;
const QLatin1String s_foreSignatures("http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/ForeSignatures");
const QLatin1String s_svcInfoExtPrefix("http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/For");

xmlNode *tsl(xmlNode *parent, const char *name)
{
    return XmlParser::child(parent, s_tslNs, name);
}

QString textOf(xmlNode *parent, const char *name)
{
    xmlNode *node = tsl(parent, name);
    return node ? XmlParser::content(node).trimmed() : QString();
}

QDateTime timeOf(xmlNode *node)
{
    return node ? QDateTime::fromString(XmlParser::content(node).trimmed(), Qt::ISODate).toUTC()
                : QDateTime();
}

/** The English Name of a multilingual name list, else the first one. */
QString nameOf(xmlNode *names)
{
    QString first;
    for (xmlNode *name = XmlParser::firstElement(names); name; name = XmlParser::nextElement(name)) {
        if (!XmlParser::isElement(name, s_tslNs, "Name"))
            continue;
        xmlChar *lang = xmlNodeGetLang(name);
        const bool english = lang && xmlStrcmp(lang, reinterpret_cast<const xmlChar *>("en")) == 0;
        xmlFree(lang);
        if (english)
            return XmlParser::content(name).trimmed();
        if (first.isNull())
            first = XmlParser::content(name).trimmed();
    }
    return first;
}

/** Every element named @p localName under @p parent, in any namespace (extensions use several). */
void collect(xmlNode *parent, const char *localName, QList<xmlNode *> &out)
{
    for (xmlNode *node = XmlParser::firstElement(parent); node; node = XmlParser::nextElement(node)) {
        if (xmlStrcmp(node->name, reinterpret_cast<const xmlChar *>(localName)) == 0)
            out.append(node);
        collect(node, localName, out);
    }
}

Result<QList<CertificateInfo>> certificatesOf(xmlNode *identity)
{
    QList<CertificateInfo> certificates;
    for (xmlNode *digitalId = XmlParser::firstElement(identity); digitalId;
         digitalId = XmlParser::nextElement(digitalId)) {
        xmlNode *certificate = tsl(digitalId, "X509Certificate");
        if (!certificate)
            continue;
        QByteArray compact = XmlParser::content(certificate).toLatin1().simplified();
        compact.replace(' ', QByteArray());
        const auto der = QByteArray::fromBase64Encoding(
            compact, QByteArray::Base64Encoding | QByteArray::AbortOnBase64DecodingErrors);
        auto parsed = der
            ? CertificateInfo::fromDer(*der)
            : Result<CertificateInfo>(makeError(ErrorCode::InvalidInput,
                                                Tr::tr("A certificate in the Trusted List is malformed."),
                                                QStringLiteral("base64")));
        if (!parsed)
            return makeError(ErrorCode::InvalidInput,
                             Tr::tr("A certificate in the Trusted List is malformed."),
                             parsed.error().detail);
        certificates.append(*parsed);
    }
    return certificates;
}

Result<TrustedList::Service> serviceOf(xmlNode *serviceNode)
{
    TrustedList::Service service;
    xmlNode *information = tsl(serviceNode, "ServiceInformation");
    if (!information)
        return makeError(ErrorCode::InvalidInput, Tr::tr("The Trusted List is malformed."),
                         QStringLiteral("TSPService without ServiceInformation"));
    service.typeIdentifier = textOf(information, "ServiceTypeIdentifier");
    service.name = nameOf(tsl(information, "ServiceName"));
    auto certificates = certificatesOf(tsl(information, "ServiceDigitalIdentity"));
    if (!certificates)
        return certificates.error();
    service.certificates = *certificates;
    service.statusHistory.append(
        {textOf(information, "ServiceStatus"), timeOf(tsl(information, "StatusStartingTime"))});
    xmlNode *extensions = tsl(information, "ServiceInformationExtensions");
    QList<xmlNode *> nodes;
    collect(extensions, "AdditionalServiceInformation", nodes);
    for (xmlNode *node : nodes)
        service.additionalInformation.append(textOf(node, "URI"));
    nodes.clear();
    collect(extensions, "Qualifier", nodes);
    for (xmlNode *node : nodes)
        service.qualifiers.append(XmlParser::attribute(node, "uri"));
    for (xmlNode *instance = XmlParser::firstElement(tsl(serviceNode, "ServiceHistory")); instance;
         instance = XmlParser::nextElement(instance))
        if (XmlParser::isElement(instance, s_tslNs, "ServiceHistoryInstance"))
            service.statusHistory.append(
                {textOf(instance, "ServiceStatus"), timeOf(tsl(instance, "StatusStartingTime"))});
    std::stable_sort(service.statusHistory.begin(), service.statusHistory.end(),
                     [](const TrustedList::StatusPeriod &a, const TrustedList::StatusPeriod &b) {
                         return a.start > b.start;
                     });
    for (const TrustedList::StatusPeriod &period : std::as_const(service.statusHistory))
        if (period.status.isEmpty() || !period.start.isValid())
            return makeError(ErrorCode::InvalidInput, Tr::tr("The Trusted List is malformed."),
                             QStringLiteral("service status without URI or starting time"));
    return service;
}

bool isGrantedStatus(const QString &status)
{
    // granted (TS 119 612 v2); undersupervision, accredited and supervisionincessation before July 2016.
    static const QStringList qualifying {
        QStringLiteral("http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted"),
        QStringLiteral("http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/undersupervision"),
        QStringLiteral("http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/accredited"),
        QStringLiteral("http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/supervisionincessation"),
    };
    return qualifying.contains(status);
}

bool sameCertificate(const CertificateInfo &a, const CertificateInfo &b)
{
    return a.der() == b.der();
}

} // namespace

QLatin1String TrustedList::caQcServiceType()
{
    return QLatin1String("http://uri.etsi.org/TrstSvc/Svctype/CA/QC");
}

QLatin1String TrustedList::grantedStatus()
{
    return QLatin1String("http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted");
}

QLatin1String TrustedList::withdrawnStatus()
{
    return QLatin1String("http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/withdrawn");
}

Result<TrustedList> TrustedList::load(const QByteArray &xml, const QList<CertificateInfo> &listSigners,
                                      const Clock &clock)
{
    auto parsed = XmlParser::parse(xml, s_maxListBytes);
    if (!parsed)
        return parsed.error();
    xmlNode *root = xmlDocGetRootElement(parsed->get());
    if (!XmlParser::isElement(root, s_tslNs, "TrustServiceStatusList"))
        return makeError(ErrorCode::InvalidInput, Tr::tr("The file is not a Trusted List."),
                         QStringLiteral("root element is not tsl:TrustServiceStatusList"));

    // The list's own signature first: nothing of an unverified list is used.
    XmlDsigVerifier verifier(clock);
    XmlVerificationOptions options;
    options.requireWholeDocument = true;
    options.maxInputBytes = s_maxListBytes;
    verifier.setOptions(options);
    verifier.setTrustAnchors(listSigners);
    const XmlVerification verification = verifier.verify(xml);
    const bool bySigner
        = std::any_of(listSigners.begin(), listSigners.end(), [&](const CertificateInfo &signer) {
              return sameCertificate(signer, verification.report.signer);
          });
    if (!verification.report.isPassed() || !bySigner)
        return makeError(ErrorCode::Corrupt,
                         Tr::tr("The Trusted List's signature is not valid or not by its configured signer."),
                         QStringLiteral("%1/%2: %3")
                             .arg(SignatureReport::indicationName(verification.report.indication),
                                  SignatureReport::subIndicationName(verification.report.subIndication),
                                  bySigner ? verification.report.errors.join(QStringLiteral("; "))
                                           : QStringLiteral("signer is not a configured list signer")));

    TrustedList list;
    list.m_signer = verification.report.signer;
    xmlNode *scheme = tsl(root, "SchemeInformation");
    if (!scheme)
        return makeError(ErrorCode::InvalidInput, Tr::tr("The Trusted List is malformed."),
                         QStringLiteral("no SchemeInformation"));
    list.m_territory = textOf(scheme, "SchemeTerritory");
    list.m_sequenceNumber = textOf(scheme, "TSLSequenceNumber").toInt();
    list.m_issueDate = timeOf(tsl(scheme, "ListIssueDateTime"));
    list.m_nextUpdate = timeOf(tsl(tsl(scheme, "NextUpdate"), "dateTime"));
    for (xmlNode *providerNode = XmlParser::firstElement(tsl(root, "TrustServiceProviderList")); providerNode;
         providerNode = XmlParser::nextElement(providerNode)) {
        if (!XmlParser::isElement(providerNode, s_tslNs, "TrustServiceProvider"))
            continue;
        Provider provider;
        provider.name = nameOf(tsl(tsl(providerNode, "TSPInformation"), "TSPName"));
        for (xmlNode *serviceNode = XmlParser::firstElement(tsl(providerNode, "TSPServices")); serviceNode;
             serviceNode = XmlParser::nextElement(serviceNode)) {
            if (!XmlParser::isElement(serviceNode, s_tslNs, "TSPService"))
                continue;
            auto service = serviceOf(serviceNode);
            if (!service)
                return service.error();
            provider.services.append(*service);
        }
        list.m_providers.append(provider);
    }
    return list;
}

Result<TrustedList> TrustedList::loadFile(const QString &path, const QList<CertificateInfo> &listSigners,
                                          const Clock &clock)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::InvalidInput, Tr::tr("The Trusted List file cannot be read."),
                         QStringLiteral("%1: %2").arg(path, file.errorString()));
    if (file.size() > s_maxListBytes)
        return makeError(ErrorCode::InvalidInput, Tr::tr("The XML document is too large."), path);
    return load(file.readAll(), listSigners, clock);
}

QualificationSource::Status TrustedList::statusOf(const CertificateInfo &issuer, const QDateTime &at) const
{
    Status result = Status::Unknown;
    for (const Provider &provider : m_providers) {
        for (const Service &service : provider.services) {
            if (!std::any_of(service.certificates.begin(), service.certificates.end(),
                             [&](const CertificateInfo &c) { return sameCertificate(c, issuer); }))
                continue;
            // The period in force at `at`: the newest one that started by then.
            const auto period = std::find_if(service.statusHistory.begin(), service.statusHistory.end(),
                                             [&](const StatusPeriod &p) { return p.start <= at; });
            const bool forSignatures
                = std::none_of(service.additionalInformation.begin(), service.additionalInformation.end(),
                               [](const QString &uri) { return uri.startsWith(s_svcInfoExtPrefix); })
                || service.additionalInformation.contains(s_foreSignatures);
            if (service.typeIdentifier == caQcServiceType() && period != service.statusHistory.end()
                && isGrantedStatus(period->status) && forSignatures)
                return Status::Qualified;
            result = Status::NotQualified;
        }
    }
    return result;
}

} // namespace dms
