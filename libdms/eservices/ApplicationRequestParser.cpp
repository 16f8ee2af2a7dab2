// SPDX-License-Identifier: GPL-3.0-or-later
#include "eservices/ApplicationRequestParser.h"

#include "core/Tr.h"
#include "domain/Egn.h"
#include "domain/Eik.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace dms {

namespace {

Error fieldError(const QString &message, const QString &field)
{
    return makeError(ErrorCode::InvalidInput, message, field);
}

/** A required string member of at most `maxLength` characters, trimmed. */
Result<QString> text(const QJsonObject &object, const QString &key, const QString &field, int maxLength,
                     bool required = true)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined() && !required)
        return QString();
    if (!value.isString())
        return fieldError(Tr::tr("The field %1 must be text.").arg(field), field);
    const QString out = value.toString().trimmed();
    if ((required && out.isEmpty()) || out.size() > maxLength)
        return fieldError(Tr::tr("The field %1 must be 1 to %2 characters long.").arg(field).arg(maxLength),
                          field);
    return out;
}

Result<QByteArray> base64(const QJsonObject &object, const QString &key, const QString &field, bool required)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined() && !required)
        return QByteArray();
    if (!value.isString())
        return fieldError(Tr::tr("The field %1 must be Base64 text.").arg(field), field);
    auto decoded = QByteArray::fromBase64Encoding(value.toString().toLatin1(),
                                                  QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || (required && decoded.decoded.isEmpty()))
        return fieldError(Tr::tr("The field %1 is not valid Base64 or is empty.").arg(field), field);
    return decoded.decoded;
}

Result<Applicant> applicant(const QJsonValue &value)
{
    const QString field = QStringLiteral("applicant");
    if (!value.isObject())
        return fieldError(Tr::tr("The applicant is missing."), field);
    const QJsonObject object = value.toObject();
    Applicant out;
    const QString kind = object.value(QStringLiteral("kind")).toString();
    if (kind == QLatin1String("citizen"))
        out.kind = Applicant::Kind::Citizen;
    else if (kind == QLatin1String("company"))
        out.kind = Applicant::Kind::Company;
    else
        return fieldError(Tr::tr("The applicant's kind must be \"citizen\" or \"company\"."),
                          QStringLiteral("applicant.kind"));
    auto name = text(object, QStringLiteral("name"), QStringLiteral("applicant.name"),
                     ApplicationRequestParser::kMaxNameLength);
    if (!name)
        return name.error();
    out.name = *name;
    auto email = text(object, QStringLiteral("email"), QStringLiteral("applicant.email"),
                      ApplicationRequestParser::kMaxNameLength, false);
    if (!email)
        return email.error();
    out.email = *email;
    if (out.kind == Applicant::Kind::Citizen) {
        const QJsonValue egn = object.value(QStringLiteral("egn"));
        const Status valid
            = egn.isString() ? Egn::validate(egn.toString()) : fieldError(Tr::tr("The ЕГН is missing."), {});
        if (!valid)
            return fieldError(valid.error().message, QStringLiteral("applicant.egn"));
        out.egn = egn.toString().trimmed();
    } else {
        const QJsonValue eik = object.value(QStringLiteral("eik"));
        const Status valid
            = eik.isString() ? Eik::validate(eik.toString()) : fieldError(Tr::tr("The ЕИК is missing."), {});
        if (!valid)
            return fieldError(valid.error().message, QStringLiteral("applicant.eik"));
        out.eik = eik.toString().trimmed();
    }
    return out;
}

} // namespace

Result<ApplicationRequest> ApplicationRequestParser::parse(const QJsonObject &json)
{
    ApplicationRequest request;
    static const QRegularExpression referencePattern(QStringLiteral("^[\\x21-\\x7e]+$"));
    auto reference = text(json, QStringLiteral("clientReference"), QStringLiteral("clientReference"),
                          kMaxReferenceLength);
    if (!reference)
        return reference.error();
    if (!referencePattern.match(*reference).hasMatch())
        return fieldError(Tr::tr("The client reference must be printable ASCII without spaces."),
                          QStringLiteral("clientReference"));
    request.clientReference = *reference;
    auto service = text(json, QStringLiteral("service"), QStringLiteral("service"), 20);
    if (!service)
        return service.error();
    request.serviceIisdaNumber = *service;
    auto subject = text(json, QStringLiteral("subject"), QStringLiteral("subject"), kMaxSubjectLength, false);
    if (!subject)
        return subject.error();
    request.subject = *subject;
    auto who = applicant(json.value(QStringLiteral("applicant")));
    if (!who)
        return who.error();
    request.applicant = *who;

    const QJsonValue attachments = json.value(QStringLiteral("attachments"));
    if (!attachments.isUndefined() && !attachments.isArray())
        return fieldError(Tr::tr("The attachments must be a list."), QStringLiteral("attachments"));
    const QJsonArray list = attachments.toArray();
    if (list.size() > kMaxAttachments)
        return fieldError(Tr::tr("An application may carry at most %1 attachments.").arg(kMaxAttachments),
                          QStringLiteral("attachments"));
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString prefix = QStringLiteral("attachments[%1]").arg(i);
        if (!list.at(i).isObject())
            return fieldError(Tr::tr("Each attachment must be a JSON object."), prefix);
        const QJsonObject object = list.at(i).toObject();
        ApplicationAttachment attachment;
        auto type = text(object, QStringLiteral("type"), prefix + QStringLiteral(".type"), 64);
        if (!type)
            return type.error();
        attachment.type = *type;
        auto name = text(object, QStringLiteral("name"), prefix + QStringLiteral(".name"), 255);
        if (!name)
            return name.error();
        attachment.name = *name;
        auto mediaType
            = text(object, QStringLiteral("mediaType"), prefix + QStringLiteral(".mediaType"), 255, false);
        if (!mediaType)
            return mediaType.error();
        attachment.mediaType = *mediaType;
        auto content = base64(object, QStringLiteral("content"), prefix + QStringLiteral(".content"), true);
        if (!content)
            return content.error();
        attachment.content = *content;
        auto signature
            = base64(object, QStringLiteral("signature"), prefix + QStringLiteral(".signature"), false);
        if (!signature)
            return signature.error();
        attachment.signature = *signature;
        request.attachments.append(attachment);
    }
    return request;
}

} // namespace dms
