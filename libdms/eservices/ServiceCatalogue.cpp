// SPDX-License-Identifier: GPL-3.0-or-later
#include "eservices/ServiceCatalogue.h"

#include "audit/AuditJournal.h"
#include "core/Clock.h"
#include "core/Ids.h"
#include "core/Tr.h"
#include "services/ServiceContext.h"
#include "storage/Database.h"
#include "storage/Sql.h"
#include "storage/Transaction.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace dms {

namespace {

const QString kColumns = QStringLiteral(
    "id, iisda_number, name, deadline_working_days, fee_cents, required_attachments, responsible_unit, "
    "register_id, active");

Error fieldError(const QString &message, const QString &field)
{
    return makeError(ErrorCode::InvalidInput, message, field);
}

QByteArray attachmentsJson(const QList<RequiredAttachment> &attachments)
{
    QJsonArray array;
    for (const RequiredAttachment &attachment : attachments)
        array.append(QJsonObject {{QStringLiteral("code"), attachment.code},
                                  {QStringLiteral("title"), attachment.title}});
    return QJsonDocument(array).toJson(QJsonDocument::Compact);
}

QList<RequiredAttachment> attachmentsFromJson(const QJsonArray &array)
{
    QList<RequiredAttachment> out;
    for (const QJsonValue &value : array) {
        const QJsonObject object = value.toObject();
        out.append({object.value(QStringLiteral("code")).toString().trimmed(),
                    object.value(QStringLiteral("title")).toString().trimmed()});
    }
    return out;
}

Result<AdministrativeService> putService(Transaction &tx, const Session &session, const Clock &clock,
                                         AdministrativeService service)
{
    DMS_TRY(ServiceCatalogue::validate(service));
    const QSqlDatabase &db = tx.connection();
    auto known
        = Sql::exec(db, QStringLiteral("SELECT kind FROM register WHERE id = ?"), {service.registerId});
    if (!known)
        return known.error();
    if (!known->next())
        return makeError(ErrorCode::NotFound, Tr::tr("There is no such register."),
                         QStringLiteral("registerId"));
    if (known->value(0).toString() != QLatin1String("incoming"))
        return fieldError(Tr::tr("Applications are entered in an incoming register."),
                          QStringLiteral("registerId"));
    known->finish();

    auto existing = Sql::exec(db, QStringLiteral("SELECT id FROM eservice WHERE iisda_number = ?"),
                              {service.iisdaNumber});
    if (!existing)
        return existing.error();
    const bool replacing = existing->next();
    service.id = replacing ? existing->value(0).toString() : Ids::create(clock.now());
    existing->finish();
    const QVariantList values {service.name,
                               service.deadlineWorkingDays,
                               service.feeCents,
                               QString::fromUtf8(attachmentsJson(service.requiredAttachments)),
                               service.responsibleUnit,
                               service.registerId,
                               service.active ? 1 : 0,
                               service.id};
    auto stored = replacing
        ? Sql::exec(db,
                    QStringLiteral("UPDATE eservice SET name = ?, deadline_working_days = ?, fee_cents = ?,"
                                   " required_attachments = ?, responsible_unit = ?, register_id = ?,"
                                   " active = ? WHERE id = ?"),
                    values)
        : Sql::exec(db,
                    QStringLiteral("INSERT INTO eservice (name, deadline_working_days, fee_cents,"
                                   " required_attachments, responsible_unit, register_id, active, id,"
                                   " iisda_number, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                    values + QVariantList {service.iisdaNumber, Sql::toText(clock.now())});
    if (!stored)
        return stored.error();
    DMS_TRY(AuditJournal::append(
        tx, session.login, clock.now(),
        AuditEvent {replacing ? QStringLiteral("eservice.update") : QStringLiteral("eservice.create"),
                    QStringLiteral("eservice"), service.id,
                    QJsonObject {{QStringLiteral("iisdaNumber"), service.iisdaNumber},
                                 {QStringLiteral("deadlineWorkingDays"), service.deadlineWorkingDays},
                                 {QStringLiteral("feeCents"), service.feeCents}}}));
    return service;
}

Result<AdministrativeService> serviceFromJson(const QJsonValue &value, int position)
{
    const QString prefix = QStringLiteral("services[%1].").arg(position);
    if (!value.isObject())
        return fieldError(Tr::tr("Each service must be a JSON object."), prefix.chopped(1));
    const QJsonObject object = value.toObject();
    AdministrativeService service;
    service.iisdaNumber = object.value(QStringLiteral("iisdaNumber")).toString().trimmed();
    service.name = object.value(QStringLiteral("name")).toString().trimmed();
    service.responsibleUnit = object.value(QStringLiteral("responsibleUnit")).toString().trimmed();
    service.registerId = object.value(QStringLiteral("registerId")).toString().trimmed();
    const QJsonValue days = object.value(QStringLiteral("deadlineWorkingDays"));
    if (!days.isDouble())
        return fieldError(Tr::tr("The deadline must be a number of working days."),
                          prefix + QStringLiteral("deadlineWorkingDays"));
    service.deadlineWorkingDays = days.toInt(-1);
    const QJsonValue fee = object.value(QStringLiteral("feeCents"));
    if (!fee.isUndefined() && !fee.isDouble())
        return fieldError(Tr::tr("The fee must be a number of cents."), prefix + QStringLiteral("feeCents"));
    service.feeCents = qint64(fee.toDouble(0));
    const QJsonValue attachments = object.value(QStringLiteral("requiredAttachments"));
    if (!attachments.isUndefined() && !attachments.isArray())
        return fieldError(Tr::tr("The required attachments must be a list."),
                          prefix + QStringLiteral("requiredAttachments"));
    service.requiredAttachments = attachmentsFromJson(attachments.toArray());
    const Status valid = ServiceCatalogue::validate(service);
    if (!valid)
        return makeError(valid.error().code, valid.error().message, prefix + valid.error().detail);
    return service;
}

} // namespace

ServiceCatalogue::ServiceCatalogue(ServiceContext &context)
    : m_context(context)
{ }

Status ServiceCatalogue::validate(const AdministrativeService &service)
{
    static const QRegularExpression iisdaPattern(QStringLiteral("^[0-9]{1,20}$"));
    static const QRegularExpression codePattern(QStringLiteral("^[a-z0-9][a-z0-9_-]{0,63}$"));
    if (!iisdaPattern.match(service.iisdaNumber).hasMatch())
        return fieldError(Tr::tr("The ИИСДА number must be 1 to %1 digits.").arg(kMaxIisdaLength),
                          QStringLiteral("iisdaNumber"));
    if (service.name.trimmed().isEmpty() || service.name.size() > kMaxNameLength)
        return fieldError(Tr::tr("The service needs a name of at most %1 characters.").arg(kMaxNameLength),
                          QStringLiteral("name"));
    if (service.deadlineWorkingDays < 1 || service.deadlineWorkingDays > kMaxDeadlineDays)
        return fieldError(Tr::tr("The deadline must be from 1 to %1 working days.").arg(kMaxDeadlineDays),
                          QStringLiteral("deadlineWorkingDays"));
    if (service.feeCents < 0 || service.feeCents > 100'000'000'00LL)
        return fieldError(Tr::tr("The fee must not be negative."), QStringLiteral("feeCents"));
    if (service.responsibleUnit.trimmed().isEmpty() || service.responsibleUnit.size() > kMaxNameLength)
        return fieldError(Tr::tr("The service needs a responsible unit."), QStringLiteral("responsibleUnit"));
    if (service.registerId.isEmpty())
        return fieldError(Tr::tr("The service needs the register its applications are entered in."),
                          QStringLiteral("registerId"));
    if (service.requiredAttachments.size() > kMaxAttachments)
        return fieldError(Tr::tr("A service may require at most %1 attachments.").arg(kMaxAttachments),
                          QStringLiteral("requiredAttachments"));
    QStringList codes;
    for (const RequiredAttachment &attachment : service.requiredAttachments) {
        if (!codePattern.match(attachment.code).hasMatch() || codes.contains(attachment.code))
            return fieldError(Tr::tr("Each required attachment needs its own code of lower-case letters, "
                                     "digits, '-' or '_'."),
                              QStringLiteral("requiredAttachments"));
        if (attachment.title.isEmpty() || attachment.title.size() > kMaxNameLength)
            return fieldError(Tr::tr("Each required attachment needs a title."),
                              QStringLiteral("requiredAttachments"));
        codes << attachment.code;
    }
    return {};
}

Result<AdministrativeService> ServiceCatalogue::put(const Session &session,
                                                    const AdministrativeService &service)
{
    DMS_TRY(session.require(Permission::ManageRegistries));
    auto tx = Transaction::begin(m_context.database);
    if (!tx)
        return tx.error();
    auto stored = putService(*tx, session, m_context.clock, service);
    if (!stored)
        return stored.error();
    DMS_TRY(tx->commit());
    return stored;
}

Result<int> ServiceCatalogue::importJson(const Session &session, const QByteArray &json)
{
    DMS_TRY(session.require(Permission::ManageRegistries));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return makeError(
            ErrorCode::InvalidInput, Tr::tr("The file is not valid JSON."),
            QStringLiteral("offset %1: %2").arg(parseError.offset).arg(parseError.errorString()));
    const QJsonValue services = document.object().value(QStringLiteral("services"));
    if (!services.isArray())
        return fieldError(Tr::tr("The file must hold a list \"services\"."), QStringLiteral("services"));
    QList<AdministrativeService> parsed;
    int position = 0;
    for (const QJsonValue &value : services.toArray()) {
        auto service = serviceFromJson(value, position++);
        if (!service)
            return service.error();
        parsed.append(*service);
    }
    auto tx = Transaction::begin(m_context.database);
    if (!tx)
        return tx.error();
    for (const AdministrativeService &service : parsed) {
        auto stored = putService(*tx, session, m_context.clock, service);
        if (!stored)
            return stored.error();
    }
    DMS_TRY(tx->commit());
    return int(parsed.size());
}

Result<QList<AdministrativeService>> ServiceCatalogue::select(const QString &condition, const QVariant &value)
{
    auto db = m_context.database.connection();
    if (!db)
        return db.error();
    const QString sql = QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM eservice")
        + (condition.isEmpty() ? QString() : QStringLiteral(" WHERE ") + condition)
        + QStringLiteral(" ORDER BY iisda_number");
    auto rows = condition.isEmpty() ? Sql::exec(*db, sql) : Sql::exec(*db, sql, {value});
    if (!rows)
        return rows.error();
    QList<AdministrativeService> out;
    while (rows->next()) {
        AdministrativeService service;
        service.id = rows->value(0).toString();
        service.iisdaNumber = rows->value(1).toString();
        service.name = rows->value(2).toString();
        service.deadlineWorkingDays = rows->value(3).toInt();
        service.feeCents = rows->value(4).toLongLong();
        service.requiredAttachments
            = attachmentsFromJson(QJsonDocument::fromJson(rows->value(5).toString().toUtf8()).array());
        service.responsibleUnit = rows->value(6).toString();
        service.registerId = rows->value(7).toString();
        service.active = rows->value(8).toInt() == 1;
        out.append(service);
    }
    return out;
}

Result<QList<AdministrativeService>> ServiceCatalogue::list()
{
    return select({}, {});
}

Result<AdministrativeService> ServiceCatalogue::findByIisda(const QString &iisdaNumber)
{
    auto found = select(QStringLiteral("iisda_number = ?"), iisdaNumber.trimmed());
    if (!found)
        return found.error();
    if (found->isEmpty())
        return makeError(ErrorCode::NotFound, Tr::tr("There is no service with this ИИСДА number."),
                         QStringLiteral("service"));
    return found->constFirst();
}

Result<AdministrativeService> ServiceCatalogue::find(const QString &id)
{
    auto found = select(QStringLiteral("id = ?"), id);
    if (!found)
        return found.error();
    if (found->isEmpty())
        return makeError(ErrorCode::NotFound, Tr::tr("There is no such service."), id);
    return found->constFirst();
}

} // namespace dms
