// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/CorrespondentService.h"

#include "audit/AuditJournal.h"
#include "core/Clock.h"
#include "core/Ids.h"
#include "domain/Egn.h"
#include "domain/Eik.h"
#include "search/SearchText.h"
#include "services/ServiceContext.h"
#include "storage/Database.h"
#include "storage/Sql.h"
#include "storage/Transaction.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QRegularExpression>

#include <optional>

namespace dms {

namespace {

const QString kColumns = QStringLiteral("id, kind, name, egn, eik, seos_guid, address, email, phone");

enum class Identifier { Egn, Eik, SeosGuid };

struct Duplicate
{
    QString id;
    Identifier by = Identifier::Egn;
};

Correspondent correspondentFrom(const QSqlQuery &row)
{
    Correspondent c;
    c.id = row.value(0).toString();
    c.kind = correspondentKindFromName(row.value(1).toString()).value_or(CorrespondentKind::Citizen);
    c.name = row.value(2).toString();
    c.egn = row.value(3).toString();
    c.eik = row.value(4).toString();
    c.seosGuid = row.value(5).toString();
    c.address = row.value(6).toString();
    c.email = row.value(7).toString();
    c.phone = row.value(8).toString();
    return c;
}

/** What a session may see of a stored correspondent. */
Correspondent present(const Session &session, Correspondent c)
{
    if (!c.egn.isEmpty() && !session.can(Permission::ViewPersonalData)) {
        c.egn = Egn::mask(c.egn);
        c.egnMasked = true;
    }
    return c;
}

/** A database error with every ЕГН in it masked: PostgreSQL quotes the
 *  offending key ("Key (egn)=(…) already exists") in its messages. */
Error withoutEgn(Error error, const QStringList &egns)
{
    for (const QString &egn : egns) {
        if (egn.isEmpty())
            continue;
        error.detail.replace(egn, Egn::mask(egn));
        error.message.replace(egn, Egn::mask(egn));
    }
    return error;
}

/** Lower-case 8-4-4-4-12 hex without braces, or nothing if `text` is no GUID. */
std::optional<QString> normalizedGuid(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral(
        "^(\\{)?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})(\\})?$"));
    const auto match = pattern.match(text.trimmed());
    if (!match.hasMatch() || match.hasCaptured(1) != match.hasCaptured(3))
        return std::nullopt;
    return match.captured(2).toLower();
}

bool isEmailShaped(const QString &email)
{
    // Dot-atoms on the left (RFC 5322 without quoted strings), host names with
    // Unicode letters allowed on the right, and a top-level domain.
    static const QRegularExpression pattern(
        QStringLiteral("^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                       "@(?:[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?\\.)+"
                       "(?:\\p{L}{2,63}|xn--[a-z0-9-]{1,59})$"),
        QRegularExpression::CaseInsensitiveOption);
    const qsizetype at = email.lastIndexOf(QLatin1Char('@'));
    return at > 0 && at <= 64 && pattern.match(email).hasMatch();
}

bool isAsciiDigits(const QString &text)
{
    for (const QChar c : text) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return false;
    }
    return !text.isEmpty();
}

bool hasControlCharacters(const QString &text, bool multiLine)
{
    for (const QChar c : text) {
        if (c.category() != QChar::Other_Control)
            continue;
        if (multiLine && (c == QLatin1Char('\n') || c == QLatin1Char('\r') || c == QLatin1Char('\t')))
            continue;
        return true;
    }
    return false;
}

Status checkText(const QString &text, const QString &field, const QString &label, int maxLength,
                 bool multiLine = false)
{
    if (text.size() > maxLength)
        return makeError(ErrorCode::InvalidInput,
                         QCoreApplication::translate("dms", "The %1 is longer than %2 characters.")
                             .arg(label)
                             .arg(maxLength),
                         field + QStringLiteral(": too long"));
    if (hasControlCharacters(text, multiLine))
        return makeError(ErrorCode::InvalidInput,
                         QCoreApplication::translate("dms", "The %1 contains control characters.").arg(label),
                         field + QStringLiteral(": control characters"));
    return {};
}

/** The correspondent with its fields trimmed and normalised, or why it cannot be stored. */
Result<Correspondent> normalized(const Correspondent &input)
{
    Correspondent c;
    c.id = input.id;
    c.kind = input.kind;
    c.name = input.name.trimmed();
    c.egn = input.egn.trimmed();
    c.eik = input.eik.trimmed();
    c.seosGuid = input.seosGuid.trimmed();
    c.address = input.address.trimmed();
    c.email = input.email.trimmed();
    c.phone = input.phone.trimmed();

    if (c.name.isEmpty())
        return makeError(ErrorCode::InvalidInput,
                         QCoreApplication::translate("dms", "The correspondent needs a name."),
                         QStringLiteral("name: missing"));
    DMS_TRY(checkText(c.name, QStringLiteral("name"), QCoreApplication::translate("dms", "name"),
                      CorrespondentService::kMaxNameLength));
    DMS_TRY(checkText(c.address, QStringLiteral("address"), QCoreApplication::translate("dms", "address"),
                      CorrespondentService::kMaxAddressLength, true));
    DMS_TRY(checkText(c.phone, QStringLiteral("phone"), QCoreApplication::translate("dms", "phone number"),
                      CorrespondentService::kMaxPhoneLength));
    DMS_TRY(checkText(c.email, QStringLiteral("email"), QCoreApplication::translate("dms", "e-mail address"),
                      CorrespondentService::kMaxEmailLength));
    if (!c.email.isEmpty() && !isEmailShaped(c.email))
        return makeError(ErrorCode::InvalidInput,
                         QCoreApplication::translate(
                             "dms", "The e-mail address is not valid; write it as name@example.bg."),
                         QStringLiteral("email: malformed"));

    if (!c.egn.isEmpty()) {
        if (c.kind != CorrespondentKind::Citizen)
            return makeError(
                ErrorCode::InvalidInput,
                QCoreApplication::translate("dms", "Only a citizen has a personal number (ЕГН)."),
                QStringLiteral("egn: not a citizen"));
        DMS_TRY(Egn::validate(c.egn));
    }
    if (c.kind == CorrespondentKind::Citizen) {
        if (!c.eik.isEmpty())
            return makeError(
                ErrorCode::InvalidInput,
                QCoreApplication::translate(
                    "dms", "A citizen has no ЕИК; register a company or sole trader as a company."),
                QStringLiteral("eik: citizen"));
    } else {
        if (c.eik.isEmpty())
            return makeError(
                ErrorCode::InvalidInput,
                c.kind == CorrespondentKind::Company
                    ? QCoreApplication::translate("dms", "A company needs its ЕИК.")
                    : QCoreApplication::translate("dms", "An administration needs its ЕИК (БУЛСТАТ code)."),
                QStringLiteral("eik: missing"));
        DMS_TRY(Eik::validate(c.eik));
    }
    if (!c.seosGuid.isEmpty()) {
        if (c.kind != CorrespondentKind::Administration)
            return makeError(ErrorCode::InvalidInput,
                             QCoreApplication::translate("dms", "Only an administration has a СЕОС address."),
                             QStringLiteral("seos: not an administration"));
        const auto guid = normalizedGuid(c.seosGuid);
        if (!guid)
            return makeError(ErrorCode::InvalidInput,
                             QCoreApplication::translate("dms",
                                                         "The СЕОС address must be a GUID such as "
                                                         "0f8fad5b-d9cb-469f-a165-70867728950e."),
                             QStringLiteral("seos: not a GUID"));
        c.seosGuid = *guid;
    }
    return c;
}

/** Another correspondent holding one of the identifiers of `c`, if any. */
Result<std::optional<Duplicate>> findDuplicate(const QSqlDatabase &db, const Correspondent &c,
                                               const QString &excludeId)
{
    QStringList conditions;
    QVariantList params;
    if (!c.egn.isEmpty()) {
        conditions << QStringLiteral("egn = ?");
        params << c.egn;
    }
    if (!c.eik.isEmpty()) {
        conditions << QStringLiteral("eik = ?");
        params << c.eik;
    }
    if (!c.seosGuid.isEmpty()) {
        conditions << QStringLiteral("seos_guid = ?");
        params << c.seosGuid;
    }
    if (conditions.isEmpty())
        return std::optional<Duplicate>();
    QString sql = QStringLiteral("SELECT id, egn, eik, seos_guid FROM correspondent WHERE (")
        + conditions.join(QStringLiteral(" OR ")) + QLatin1Char(')');
    if (!excludeId.isEmpty()) {
        sql += QStringLiteral(" AND id <> ?");
        params << excludeId;
    }
    sql += QStringLiteral(" ORDER BY id");
    auto rows = Sql::exec(db, sql, params);
    if (!rows)
        return withoutEgn(rows.error(), {c.egn});
    if (!rows->next())
        return std::optional<Duplicate>();
    Duplicate found;
    found.id = rows->value(0).toString();
    if (!c.egn.isEmpty() && rows->value(1).toString() == c.egn)
        found.by = Identifier::Egn;
    else if (!c.eik.isEmpty() && rows->value(2).toString() == c.eik)
        found.by = Identifier::Eik;
    else
        found.by = Identifier::SeosGuid;
    rows->finish();
    return std::optional<Duplicate>(found);
}

Error duplicateError(const Duplicate &duplicate)
{
    QString message;
    switch (duplicate.by) {
    case Identifier::Egn:
        message = QCoreApplication::translate(
            "dms", "A correspondent with this personal number (ЕГН) is already registered.");
        break;
    case Identifier::Eik:
        message = QCoreApplication::translate("dms", "A correspondent with this ЕИК is already registered.");
        break;
    case Identifier::SeosGuid:
        message = QCoreApplication::translate(
            "dms", "A correspondent with this СЕОС address is already registered.");
        break;
    }
    // The detail is the existing record's id, so that the desk can open it.
    return makeError(ErrorCode::AlreadyExists, message, duplicate.id);
}

QJsonObject journalDetails(const Correspondent &c)
{
    // Only what identifies the record without personal data: no ЕГН, no names
    // or addresses of people (the journal's summaries are published).
    QJsonObject details {{QStringLiteral("kind"), toName(c.kind)},
                         {QStringLiteral("hasEgn"), !c.egn.isEmpty()}};
    if (!c.eik.isEmpty())
        details.insert(QStringLiteral("eik"), c.eik);
    if (!c.seosGuid.isEmpty())
        details.insert(QStringLiteral("seosGuid"), c.seosGuid);
    return details;
}

QStringList changedFields(const Correspondent &before, const Correspondent &after)
{
    QStringList changed;
    if (before.kind != after.kind)
        changed << QStringLiteral("kind");
    if (before.name != after.name)
        changed << QStringLiteral("name");
    if (before.egn != after.egn)
        changed << QStringLiteral("egn");
    if (before.eik != after.eik)
        changed << QStringLiteral("eik");
    if (before.seosGuid != after.seosGuid)
        changed << QStringLiteral("seosGuid");
    if (before.address != after.address)
        changed << QStringLiteral("address");
    if (before.email != after.email)
        changed << QStringLiteral("email");
    if (before.phone != after.phone)
        changed << QStringLiteral("phone");
    return changed;
}

Error notFound(const QString &id)
{
    return makeError(ErrorCode::NotFound, QCoreApplication::translate("dms", "No such correspondent."), id);
}

Result<Correspondent> readById(const QSqlDatabase &db, const QString &id)
{
    auto row = Sql::exec(
        db, QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM correspondent WHERE id = ?"), {id});
    if (!row)
        return row.error();
    if (!row->next())
        return notFound(id);
    Correspondent c = correspondentFrom(*row);
    row->finish();
    return c;
}

/** The answer to a write that lost a race for a unique identifier (PostgreSQL
 *  lets two transactions check before either inserts): who won, if it can be told. */
Error lostRace(Database &database, const Correspondent &c, const Error &original)
{
    auto db = database.connection();
    if (db) {
        auto duplicate = findDuplicate(*db, c, c.id);
        if (duplicate && *duplicate)
            return duplicateError(**duplicate);
    }
    return withoutEgn(original, {c.egn});
}

} // namespace

CorrespondentService::CorrespondentService(ServiceContext &context)
    : m_context(context)
{ }

Result<Correspondent> CorrespondentService::create(const Session &session, const Correspondent &correspondent)
{
    DMS_TRY(session.require(Permission::ManageCorrespondents));
    auto valid = normalized(correspondent);
    if (!valid)
        return valid.error();
    Correspondent c = std::move(valid).value();

    auto tx = Transaction::begin(m_context.database);
    if (!tx)
        return tx.error();
    auto duplicate = findDuplicate(tx->connection(), c, {});
    if (!duplicate)
        return duplicate.error();
    if (*duplicate)
        return duplicateError(**duplicate);

    const QDateTime now = m_context.clock.now();
    c.id = Ids::create(now);
    auto inserted = Sql::exec(
        tx->connection(),
        QStringLiteral(
            "INSERT INTO correspondent (id, kind, name, egn, eik, seos_guid, address, email, phone,"
            " search_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        {c.id, toName(c.kind), c.name, Sql::textOrNull(c.egn), Sql::textOrNull(c.eik),
         Sql::textOrNull(c.seosGuid), Sql::textOrNull(c.address), Sql::textOrNull(c.email),
         Sql::textOrNull(c.phone), SearchText::key(c.name), now.toString(Qt::ISODateWithMs)});
    if (!inserted) {
        const Error error = inserted.error();
        tx->rollback();
        if (error.code == ErrorCode::AlreadyExists)
            return lostRace(m_context.database, c, error);
        return withoutEgn(error, {c.egn});
    }
    DMS_TRY(AuditJournal::append(*tx, session.login, now,
                                 AuditEvent {QStringLiteral("correspondent.create"),
                                             QStringLiteral("correspondent"), c.id, journalDetails(c)}));
    DMS_TRY(tx->commit());
    return present(session, c);
}

Result<Correspondent> CorrespondentService::update(const Session &session, const Correspondent &correspondent)
{
    DMS_TRY(session.require(Permission::ManageCorrespondents));
    if (correspondent.id.isEmpty())
        return notFound(correspondent.id);
    auto tx = Transaction::begin(m_context.database);
    if (!tx)
        return tx.error();
    auto stored = readById(tx->connection(), correspondent.id);
    if (!stored)
        return withoutEgn(stored.error(), {correspondent.egn});

    Correspondent wanted = correspondent;
    const QString trimmedEgn = wanted.egn.trimmed();
    if (Egn::isMasked(trimmedEgn)) {
        // A form filled from a masked read hands the mask back: keep the number.
        if (stored->egn.isEmpty() || trimmedEgn != Egn::mask(stored->egn))
            return makeError(
                ErrorCode::InvalidInput,
                QCoreApplication::translate(
                    "dms", "Enter the personal number (ЕГН) in full; a masked number cannot be stored."),
                QStringLiteral("egn: masked"));
        wanted.egn = stored->egn;
    }
    auto valid = normalized(wanted);
    if (!valid)
        return valid.error();
    Correspondent c = std::move(valid).value();

    const QStringList changed = changedFields(*stored, c);
    if (changed.isEmpty())
        return present(session, c);

    auto duplicate = findDuplicate(tx->connection(), c, c.id);
    if (!duplicate)
        return withoutEgn(duplicate.error(), {stored->egn});
    if (*duplicate)
        return duplicateError(**duplicate);

    auto updated = Sql::exec(
        tx->connection(),
        QStringLiteral("UPDATE correspondent SET kind = ?, name = ?, egn = ?, eik = ?, seos_guid = ?,"
                       " address = ?, email = ?, phone = ?, search_key = ? WHERE id = ?"),
        {toName(c.kind), c.name, Sql::textOrNull(c.egn), Sql::textOrNull(c.eik), Sql::textOrNull(c.seosGuid),
         Sql::textOrNull(c.address), Sql::textOrNull(c.email), Sql::textOrNull(c.phone),
         SearchText::key(c.name), c.id});
    if (!updated) {
        const Error error = updated.error();
        tx->rollback();
        if (error.code == ErrorCode::AlreadyExists)
            return lostRace(m_context.database, c, withoutEgn(error, {stored->egn}));
        return withoutEgn(error, {c.egn, stored->egn});
    }
    QJsonObject details = journalDetails(c);
    details.insert(QStringLiteral("changed"), QJsonArray::fromStringList(changed));
    DMS_TRY(AuditJournal::append(
        *tx, session.login, m_context.clock.now(),
        AuditEvent {QStringLiteral("correspondent.update"), QStringLiteral("correspondent"), c.id, details}));
    DMS_TRY(tx->commit());
    return present(session, c);
}

Result<Correspondent> CorrespondentService::get(const Session &session, const QString &id)
{
    DMS_TRY(session.require(Permission::ReadDocuments));
    auto db = m_context.database.connection();
    if (!db)
        return db.error();
    auto c = readById(*db, id);
    if (!c)
        return c.error();
    return present(session, *c);
}

Result<Correspondent> CorrespondentService::findByIdentifier(const Session &session, const QString &text)
{
    DMS_TRY(session.require(Permission::ReadDocuments));
    const QString trimmed = text.trimmed();
    QString column;
    QString value;
    if (const auto guid = normalizedGuid(trimmed)) {
        column = QStringLiteral("seos_guid");
        value = *guid;
    } else if (isAsciiDigits(trimmed) && trimmed.size() == 10) {
        DMS_TRY(Egn::validate(trimmed));
        column = QStringLiteral("egn");
        value = trimmed;
    } else if (isAsciiDigits(trimmed) && (trimmed.size() == 9 || trimmed.size() == 13)) {
        DMS_TRY(Eik::validate(trimmed));
        column = QStringLiteral("eik");
        value = trimmed;
    } else {
        return makeError(
            ErrorCode::InvalidInput,
            QCoreApplication::translate("dms", "Enter a personal number (ЕГН), an ЕИК or a СЕОС address."),
            QStringLiteral("identifier: unrecognised"));
    }
    auto db = m_context.database.connection();
    if (!db)
        return db.error();
    auto row = Sql::exec(*db,
                         QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM correspondent WHERE ")
                             + column + QStringLiteral(" = ?"),
                         {value});
    if (!row)
        return withoutEgn(row.error(), {value});
    if (!row->next())
        return makeError(ErrorCode::NotFound,
                         QCoreApplication::translate("dms", "No correspondent has this identifier."),
                         QStringLiteral("correspondent: no match by ") + column);
    return present(session, correspondentFrom(*row));
}

Result<QList<Correspondent>> CorrespondentService::findByName(const Session &session, const QString &prefix,
                                                              int limit)
{
    DMS_TRY(session.require(Permission::ReadDocuments));
    if (limit < 1 || limit > kMaxSearchLimit)
        return makeError(
            ErrorCode::InvalidInput,
            QCoreApplication::translate("dms", "Ask for 1 to %1 correspondents.").arg(kMaxSearchLimit),
            QStringLiteral("limit %1").arg(limit));
    QString pattern = SearchText::key(prefix);
    // The user's % and _ are letters here, not wildcards.
    pattern.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    pattern.replace(QLatin1Char('%'), QStringLiteral("\\%"));
    pattern.replace(QLatin1Char('_'), QStringLiteral("\\_"));
    pattern += QLatin1Char('%');
    auto db = m_context.database.connection();
    if (!db)
        return db.error();
    auto rows = Sql::exec(*db,
                          QStringLiteral("SELECT ") + kColumns
                              + QStringLiteral(" FROM correspondent WHERE search_key LIKE ? ESCAPE '\\'"
                                               " ORDER BY search_key, id LIMIT ?"),
                          {pattern, limit});
    if (!rows)
        return rows.error();
    QList<Correspondent> out;
    while (rows->next())
        out.append(present(session, correspondentFrom(*rows)));
    return out;
}

Result<QString> CorrespondentService::revealEgn(const Session &session, const QString &id)
{
    DMS_TRY(session.require(Permission::ViewPersonalData));
    auto tx = Transaction::begin(m_context.database);
    if (!tx)
        return tx.error();
    auto egn
        = Sql::exec(tx->connection(), QStringLiteral("SELECT egn FROM correspondent WHERE id = ?"), {id});
    if (!egn)
        return egn.error();
    if (!egn->next())
        return notFound(id);
    const QString number = egn->value(0).toString();
    egn->finish();
    if (number.isEmpty())
        return makeError(
            ErrorCode::NotFound,
            QCoreApplication::translate("dms", "This correspondent has no personal number (ЕГН)."), id);
    DMS_TRY(AuditJournal::append(*tx, session.login, m_context.clock.now(),
                                 AuditEvent {QStringLiteral("personal-data.view"),
                                             QStringLiteral("correspondent"),
                                             id,
                                             {{QStringLiteral("field"), QStringLiteral("egn")}}}));
    DMS_TRY(tx->commit());
    return number;
}

} // namespace dms
