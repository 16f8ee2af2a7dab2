// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/ClassificationService.h"

#include "audit/AuditJournal.h"
#include "core/Clock.h"
#include "core/Ids.h"
#include "core/Tr.h"
#include "services/ServiceContext.h"
#include "storage/Database.h"
#include "storage/Sql.h"
#include "storage/Transaction.h"

#include <QCoreApplication>
#include <QHash>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>

namespace dms {

namespace {

const QString kSelect
    = QStringLiteral("SELECT id, code, title, parent_id, retention_years, permanent, valid_from_year,"
                     " valid_to_year, note FROM classification ");

ClassificationHeading headingFrom(const QSqlQuery &row)
{
    ClassificationHeading heading;
    heading.id = row.value(0).toString();
    heading.code = row.value(1).toString();
    heading.title = row.value(2).toString();
    heading.parentId = row.value(3).toString();
    heading.retentionYears = row.value(4).isNull() ? 0 : row.value(4).toInt();
    heading.permanent = row.value(5).toInt() == 1;
    heading.validFromYear = row.value(6).toInt();
    heading.validToYear = row.value(7).isNull() ? 0 : row.value(7).toInt();
    heading.note = row.value(8).toString();
    return heading;
}

Status validateYear(int year)
{
    if (year < ClassificationService::kFirstYear || year > ClassificationService::kLastYear)
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("The year must be between %1 and %2.")
                             .arg(ClassificationService::kFirstYear)
                             .arg(ClassificationService::kLastYear),
                         QString::number(year));
    return {};
}

Status validate(const NewClassificationHeading &heading)
{
    // Letters and digits in groups joined by '.', '-' or '/': "03", "03-2", "1.2.4", "А/1".
    static const QRegularExpression codePattern(QStringLiteral("^[\\p{L}\\p{N}]+([./-][\\p{L}\\p{N}]+)*$"));
    const QString code = heading.code.trimmed();
    if (code.isEmpty())
        return makeError(ErrorCode::InvalidInput, Tr::tr("The code is required."));
    if (code.size() > ClassificationService::kMaxCodeLength || !codePattern.match(code).hasMatch())
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("A code is up to %1 letters and digits, in groups joined by '.', '-' or '/'.")
                             .arg(ClassificationService::kMaxCodeLength),
                         code);
    const QString title = heading.title.trimmed();
    if (title.isEmpty())
        return makeError(ErrorCode::InvalidInput, Tr::tr("The title is required."));
    if (title.size() > ClassificationService::kMaxTitleLength)
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("The title is too long (at most %1 characters).")
                             .arg(ClassificationService::kMaxTitleLength));
    if (heading.note.trimmed().size() > ClassificationService::kMaxNoteLength)
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("The note is too long (at most %1 characters).")
                             .arg(ClassificationService::kMaxNoteLength));
    if (heading.retentionYears < 0 || heading.retentionYears > ClassificationService::kMaxRetentionYears)
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("The retention period must be between 1 and %1 years.")
                             .arg(ClassificationService::kMaxRetentionYears));
    if (heading.retentionYears > 0 && heading.permanent)
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("A heading is kept either for a number of years or permanently, not both."));
    if (heading.retentionYears == 0 && !heading.permanent)
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("Give the retention period in years or mark the heading as permanent."));
    return validateYear(heading.validFromYear);
}

} // namespace

ClassificationService::ClassificationService(ServiceContext &context)
    : m_context(context)
{ }

int ClassificationService::compareCodes(const QString &a, const QString &b)
{
    const auto isDigit = [](QChar c) {
        return c >= QLatin1Char('0') && c <= QLatin1Char('9');
    };
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < a.size() && j < b.size()) {
        if (isDigit(a[i]) && isDigit(b[j])) {
            qsizetype endA = i;
            while (endA < a.size() && isDigit(a[endA]))
                ++endA;
            qsizetype endB = j;
            while (endB < b.size() && isDigit(b[endB]))
                ++endB;
            QStringView numberA = QStringView(a).mid(i, endA - i);
            QStringView numberB = QStringView(b).mid(j, endB - j);
            while (numberA.size() > 1 && numberA.front() == QLatin1Char('0'))
                numberA = numberA.mid(1);
            while (numberB.size() > 1 && numberB.front() == QLatin1Char('0'))
                numberB = numberB.mid(1);
            if (numberA.size() != numberB.size())
                return numberA.size() < numberB.size() ? -1 : 1;
            if (const int order = numberA.compare(numberB))
                return order < 0 ? -1 : 1;
            i = endA;
            j = endB;
        } else {
            if (a[i] != b[j])
                return a[i] < b[j] ? -1 : 1;
            ++i;
            ++j;
        }
    }
    if (i < a.size())
        return 1;
    if (j < b.size())
        return -1;
    // Equal as numbers ("01" and "1"): fall back to the text so that the order is total.
    const int order = QString::compare(a, b);
    return order < 0 ? -1 : (order > 0 ? 1 : 0);
}

Result<ClassificationHeading> ClassificationService::create(const Session &session,
                                                            const NewClassificationHeading &request)
{
    DMS_TRY(session.require(Permission::ManageClassification));
    DMS_TRY(validate(request));

    auto tx = Transaction::begin(m_context.database);
    if (!tx)
        return tx.error();
    const QSqlDatabase &db = tx->connection();

    ClassificationHeading heading;
    heading.code = request.code.trimmed();
    heading.title = request.title.trimmed();
    heading.parentId = request.parentId;
    heading.retentionYears = request.permanent ? 0 : request.retentionYears;
    heading.permanent = request.permanent;
    heading.validFromYear = request.validFromYear;
    heading.note = request.note.trimmed();

    if (!heading.parentId.isEmpty()) {
        auto parent = Sql::exec(
            db,
            QStringLiteral("SELECT code, valid_from_year, valid_to_year FROM classification WHERE id = ?"),
            {heading.parentId});
        if (!parent)
            return parent.error();
        if (!parent->next())
            return makeError(ErrorCode::NotFound, Tr::tr("No such heading of the file plan."),
                             heading.parentId);
        const QString parentCode = parent->value(0).toString();
        if (!parent->value(2).isNull())
            return makeError(ErrorCode::InvalidState,
                             Tr::tr("The parent heading %1 is closed.").arg(parentCode), heading.parentId);
        if (parent->value(1).toInt() > heading.validFromYear)
            return makeError(ErrorCode::InvalidState,
                             Tr::tr("The parent heading %1 is in force only from %2.")
                                 .arg(parentCode)
                                 .arg(parent->value(1).toInt()),
                             heading.parentId);
    }

    // The new heading is in force from validFromYear on; any heading with its code
    // that is in force in some year from then on would make the code ambiguous.
    auto clash = Sql::exec(db,
                           QStringLiteral("SELECT valid_from_year FROM classification WHERE code = ?"
                                          " AND (valid_to_year IS NULL OR valid_to_year >= ?)"
                                          " ORDER BY valid_from_year"),
                           {heading.code, heading.validFromYear});
    if (!clash)
        return clash.error();
    if (clash->next())
        return makeError(ErrorCode::AlreadyExists,
                         Tr::tr("A heading with code %1 is in force from %2; close it first.")
                             .arg(heading.code)
                             .arg(clash->value(0).toInt()),
                         heading.code);
    clash->finish();

    const QDateTime now = m_context.clock.now().toUTC();
    heading.id = Ids::create(now);
    auto inserted = Sql::exec(
        db,
        QStringLiteral("INSERT INTO classification (id, code, title, parent_id, retention_years, permanent,"
                       " valid_from_year, valid_to_year, note) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?)"),
        {heading.id, heading.code, heading.title, Sql::textOrNull(heading.parentId),
         heading.permanent ? Sql::null() : QVariant(heading.retentionYears), heading.permanent ? 1 : 0,
         heading.validFromYear, Sql::textOrNull(heading.note)});
    if (!inserted) {
        if (inserted.error().code == ErrorCode::AlreadyExists)
            return makeError(ErrorCode::AlreadyExists,
                             Tr::tr("A heading with code %1 already exists from %2.")
                                 .arg(heading.code)
                                 .arg(heading.validFromYear),
                             heading.code);
        return inserted.error();
    }
    QJsonObject details {{QStringLiteral("code"), heading.code},
                         {QStringLiteral("title"), heading.title},
                         {QStringLiteral("validFromYear"), heading.validFromYear},
                         {QStringLiteral("permanent"), heading.permanent}};
    if (!heading.parentId.isEmpty())
        details.insert(QStringLiteral("parentId"), heading.parentId);
    if (!heading.permanent)
        details.insert(QStringLiteral("retentionYears"), heading.retentionYears);
    DMS_TRY(AuditJournal::append(*tx, session.login, now,
                                 AuditEvent {QStringLiteral("classification.create"),
                                             QStringLiteral("classification"), heading.id, details}));
    DMS_TRY(tx->commit());
    return heading;
}

Status ClassificationService::close(const Session &session, const QString &headingId, int validToYear)
{
    DMS_TRY(session.require(Permission::ManageClassification));
    DMS_TRY(validateYear(validToYear));
    auto tx = Transaction::begin(m_context.database);
    if (!tx)
        return tx.error();
    const QSqlDatabase &db = tx->connection();
    auto row = Sql::exec(db,
                         QStringLiteral("SELECT code, valid_from_year, valid_to_year FROM classification"
                                        " WHERE id = ?"),
                         {headingId});
    if (!row)
        return row.error();
    if (!row->next())
        return makeError(ErrorCode::NotFound, Tr::tr("No such heading of the file plan."), headingId);
    const QString code = row->value(0).toString();
    const int fromYear = row->value(1).toInt();
    if (!row->value(2).isNull())
        return makeError(ErrorCode::InvalidState,
                         Tr::tr("The heading %1 is already closed (in force until %2).")
                             .arg(code)
                             .arg(row->value(2).toInt()),
                         headingId);
    row->finish();
    if (validToYear < fromYear)
        return makeError(
            ErrorCode::InvalidInput,
            Tr::tr("The heading %1 is in force from %2; it cannot end before that.").arg(code).arg(fromYear),
            QString::number(validToYear));
    auto children = Sql::scalar(db,
                                QStringLiteral("SELECT COUNT(*) FROM classification WHERE parent_id = ?"
                                               " AND (valid_to_year IS NULL OR valid_to_year > ?)"),
                                {headingId, validToYear});
    if (!children)
        return children.error();
    if (children->toLongLong() > 0)
        return makeError(ErrorCode::InvalidState,
                         Tr::tr("The heading %1 has sub-headings in force after %2; close them first.")
                             .arg(code)
                             .arg(validToYear),
                         headingId);

    auto updated = Sql::exec(db,
                             QStringLiteral("UPDATE classification SET valid_to_year = ?"
                                            " WHERE id = ? AND valid_to_year IS NULL"),
                             {validToYear, headingId});
    if (!updated)
        return updated.error();
    if (updated->numRowsAffected() != 1)
        return makeError(ErrorCode::InvalidState, Tr::tr("The heading %1 is already closed.").arg(code),
                         headingId);
    DMS_TRY(AuditJournal::append(
        *tx, session.login, m_context.clock.now(),
        AuditEvent {QStringLiteral("classification.close"),
                    QStringLiteral("classification"),
                    headingId,
                    {{QStringLiteral("code"), code}, {QStringLiteral("validToYear"), validToYear}}}));
    return tx->commit();
}

Result<ClassificationHeading> ClassificationService::find(const QString &headingId)
{
    auto db = m_context.database.connection();
    if (!db)
        return db.error();
    auto row = Sql::exec(*db, kSelect + QStringLiteral("WHERE id = ?"), {headingId});
    if (!row)
        return row.error();
    if (!row->next())
        return makeError(ErrorCode::NotFound, Tr::tr("No such heading of the file plan."), headingId);
    return headingFrom(*row);
}

Result<QList<ClassificationHeading>> ClassificationService::list(int year)
{
    DMS_TRY(validateYear(year));
    auto db = m_context.database.connection();
    if (!db)
        return db.error();
    auto rows = Sql::exec(*db,
                          kSelect
                              + QStringLiteral("WHERE valid_from_year <= ? AND (valid_to_year IS NULL OR"
                                               " valid_to_year >= ?)"),
                          {year, year});
    if (!rows)
        return rows.error();
    QList<ClassificationHeading> all;
    QHash<QString, qsizetype> byId;
    while (rows->next()) {
        byId.insert(rows->value(0).toString(), all.size());
        all.append(headingFrom(*rows));
    }
    rows->finish();

    // A heading whose parent is not in force that year is shown at the top level.
    QHash<QString, QList<qsizetype>> children;
    QList<qsizetype> roots;
    for (qsizetype i = 0; i < all.size(); ++i) {
        const QString &parent = all.at(i).parentId;
        if (!parent.isEmpty() && byId.contains(parent))
            children[parent].append(i);
        else
            roots.append(i);
    }
    const auto byCode = [&all](qsizetype a, qsizetype b) {
        const int order = compareCodes(all.at(a).code, all.at(b).code);
        return order != 0 ? order < 0 : all.at(a).id < all.at(b).id;
    };

    QList<ClassificationHeading> ordered;
    ordered.reserve(all.size());
    QSet<qsizetype> visited;
    // Depth-first with an explicit stack, children pushed in reverse to come out in order.
    QList<std::pair<qsizetype, int>> stack;
    std::sort(roots.begin(), roots.end(), byCode);
    for (auto it = roots.crbegin(); it != roots.crend(); ++it)
        stack.append({*it, 0});
    while (!stack.isEmpty()) {
        const auto [index, depth] = stack.takeLast();
        if (visited.contains(index))
            continue;
        visited.insert(index);
        ClassificationHeading heading = all.at(index);
        heading.depth = depth;
        ordered.append(heading);
        QList<qsizetype> kids = children.value(heading.id);
        std::sort(kids.begin(), kids.end(), byCode);
        for (auto it = kids.crbegin(); it != kids.crend(); ++it)
            stack.append({*it, depth + 1});
    }
    return ordered;
}

} // namespace dms
