// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/DocumentService.h"

#include "audit/AuditJournal.h"
#include "core/Clock.h"
#include "core/Ids.h"
#include "core/Tr.h"
#include "search/DocumentTextIndex.h"
#include "services/RegistrationService.h"
#include "services/ServiceContext.h"
#include "storage/BlobStore.h"
#include "storage/Database.h"
#include "storage/Sql.h"
#include "storage/Transaction.h"

#include <QCoreApplication>
#include <QFile>
#include <QRegularExpression>

#include <algorithm>

namespace dms {

namespace {

/** Writing to a document: registering it or keeping its case file. */
Status requireWrite(const Session &session)
{
    if (session.can(Permission::RegisterDocument) || session.can(Permission::ManageCases))
        return {};
    return session.require(Permission::RegisterDocument);
}

Error noSuchDocument(const QString &documentId)
{
    return makeError(ErrorCode::NotFound, Tr::tr("No such document."), documentId.left(80));
}

/** The document's access level, refused unless the session may read it. */
Status requireReadable(const Session &session, const QSqlDatabase &db, const QString &documentId)
{
    DMS_TRY(session.require(Permission::ReadDocuments));
    if (!Ids::isValid(documentId))
        return noSuchDocument(documentId);
    auto level
        = Sql::scalar(db, QStringLiteral("SELECT access_level FROM document WHERE id = ?"), {documentId});
    if (!level)
        return level.error().code == ErrorCode::NotFound ? noSuchDocument(documentId) : level.error();
    if (level->toString() == toName(AccessLevel::Restricted))
        DMS_TRY(session.require(Permission::ReadRestricted));
    return {};
}

/** A file name for the journal: ten-digit runs (the shape of an ЕГН) masked. */
QString journalFileName(const QString &name)
{
    static const QRegularExpression tenDigits(QStringLiteral("(?<!\\d)\\d{10}(?!\\d)"));
    return QString(name).replace(tenDigits, QStringLiteral("**********"));
}

bool isForbiddenInName(uint c)
{
    switch (QChar::category(c)) {
    case QChar::Other_Control:
    case QChar::Separator_Line:
    case QChar::Separator_Paragraph:
        return true;
    default:
        break;
    }
    // Bidirectional embeddings, overrides and isolates can make "exe.pdf" look like "fdp.exe".
    return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F
        || c == U'/' || c == U'\\';
}

const QString kFileColumns = QStringLiteral("SELECT id, document_id, name, version, sha256, media_type, "
                                            "size, added_at, added_by FROM document_file ");

DocumentFile fileFrom(const QSqlQuery &row)
{
    DocumentFile file;
    file.id = row.value(0).toString();
    file.documentId = row.value(1).toString();
    file.name = row.value(2).toString();
    file.version = row.value(3).toInt();
    file.sha256 = row.value(4).toString();
    file.mediaType = row.value(5).toString();
    file.size = row.value(6).toLongLong();
    file.addedAt = QDateTime::fromString(row.value(7).toString(), Qt::ISODateWithMs);
    file.addedBy = row.value(8).toString();
    return file;
}

Result<QList<DocumentFile>> filesOf(const QSqlDatabase &db, const QString &documentId)
{
    auto rows = Sql::exec(db, kFileColumns + QStringLiteral("WHERE document_id = ?"), {documentId});
    if (!rows)
        return rows.error();
    QList<DocumentFile> files;
    while (rows->next())
        files << fileFrom(*rows);
    // Sorted here rather than in SQL: the engines' collations differ.
    std::sort(files.begin(), files.end(), [](const DocumentFile &a, const DocumentFile &b) {
        const int byName = a.name.compare(b.name);
        return byName != 0 ? byName < 0 : a.version < b.version;
    });
    return files;
}

} // namespace

DocumentService::DocumentService(ServiceContext &context, BlobStore &blobs)
    : m_context(context)
    , m_blobs(blobs)
{ }

Result<QString> DocumentService::normalizedFileName(const QString &name)
{
    if (!QStringView(name).isValidUtf16())
        return makeError(ErrorCode::InvalidInput, Tr::tr("The file name is not valid text."));
    const QString normalized = name.normalized(QString::NormalizationForm_C).trimmed();
    if (normalized.isEmpty())
        return makeError(ErrorCode::InvalidInput, Tr::tr("The file needs a name."));
    const QList<uint> characters = normalized.toUcs4();
    if (characters.size() > kMaxFileNameLength)
        return makeError(
            ErrorCode::InvalidInput,
            Tr::tr("The file name is too long (at most %1 characters).").arg(kMaxFileNameLength));
    if (normalized == QLatin1String(".") || normalized == QLatin1String(".."))
        return makeError(ErrorCode::InvalidInput, Tr::tr("The file name is not valid."));
    if (std::any_of(characters.cbegin(), characters.cend(), isForbiddenInName))
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("The file name may not contain slashes, backslashes or control characters."));
    return normalized;
}

Result<QString> DocumentService::normalizedMediaType(const QString &mediaType)
{
    const QString type = mediaType.trimmed().toLower();
    if (type.isEmpty())
        return QStringLiteral("application/octet-stream");
    static const QRegularExpression pattern(
        QStringLiteral("^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$"));
    if (!pattern.match(type).hasMatch())
        return makeError(ErrorCode::InvalidInput, Tr::tr("The media type is not valid."), type.left(80));
    return type;
}

Result<DocumentDetails> DocumentService::get(const Session &session, const QString &documentId)
{
    auto db = m_context.database.connection();
    if (!db)
        return db.error();
    DMS_TRY(requireReadable(session, *db, documentId));
    auto row = Sql::exec(
        *db,
        QStringLiteral(
            "SELECT d.id, d.kind, d.subject, d.correspondent_id, c.name, d.channel, d.page_count,"
            " d.access_level, d.classification_id, d.full_text, d.created_at, d.created_by"
            " FROM document d LEFT JOIN correspondent c ON c.id = d.correspondent_id WHERE d.id = ?"),
        {documentId});
    if (!row)
        return row.error();
    if (!row->next())
        return noSuchDocument(documentId);
    DocumentDetails details;
    details.id = row->value(0).toString();
    details.kind = row->value(1).toString();
    details.subject = row->value(2).toString();
    details.correspondentId = row->value(3).toString();
    details.correspondentName = row->value(4).toString();
    details.channel = channelFromName(row->value(5).toString()).value_or(Channel::Counter);
    details.pageCount = row->value(6).toInt();
    details.accessLevel = accessLevelFromName(row->value(7).toString()).value_or(AccessLevel::Restricted);
    details.classificationId = row->value(8).toString();
    details.fullText = row->value(9).toString();
    details.createdAt = QDateTime::fromString(row->value(10).toString(), Qt::ISODateWithMs);
    details.createdBy = row->value(11).toString();
    row->finish();

    RegistrationService registrations(m_context);
    auto registration = registrations.findByDocument(documentId);
    if (registration)
        details.registration = *registration;
    else if (registration.error().code != ErrorCode::NotFound)
        return registration.error();
    auto files = filesOf(*db, documentId);
    if (!files)
        return files.error();
    details.files = *files;
    return details;
}

Status DocumentService::checkNewFile(const Session &session, const QString &documentId, const QString &name,
                                     const QString &mediaType, QString *fileName, QString *type)
{
    DMS_TRY(requireWrite(session));
    auto normalName = normalizedFileName(name);
    if (!normalName)
        return normalName.error();
    auto normalType = normalizedMediaType(mediaType);
    if (!normalType)
        return normalType.error();
    if (!Ids::isValid(documentId))
        return noSuchDocument(documentId);
    auto db = m_context.database.connection();
    if (!db)
        return db.error();
    // Checked before the bytes are stored, so that a wrong id leaves nothing behind.
    auto exists = Sql::scalar(*db, QStringLiteral("SELECT 1 FROM document WHERE id = ?"), {documentId});
    if (!exists)
        return exists.error().code == ErrorCode::NotFound ? noSuchDocument(documentId) : exists.error();
    *fileName = *normalName;
    *type = *normalType;
    return {};
}

Result<DocumentFile> DocumentService::addFile(const Session &session, const QString &documentId,
                                              const QString &name, const QString &mediaType,
                                              QIODevice &content)
{
    QString fileName, type;
    DMS_TRY(checkNewFile(session, documentId, name, mediaType, &fileName, &type));
    // The bytes go to the store outside the transaction: a large file must not hold the write lock.
    auto blob = m_blobs.put(content);
    if (!blob)
        return blob.error();
    return recordFile(session, documentId, fileName, type, *blob, false);
}

Result<DocumentFile> DocumentService::addStoredFile(const Session &session, const QString &documentId,
                                                    const QString &name, const QString &mediaType,
                                                    const QString &sha256)
{
    QString fileName, type;
    DMS_TRY(checkNewFile(session, documentId, name, mediaType, &fileName, &type));
    auto blob = m_blobs.open(sha256);
    if (!blob)
        return blob.error().code == ErrorCode::InvalidInput
            ? blob.error()
            : makeError(ErrorCode::NotFound, Tr::tr("The file's content was not uploaded."), sha256.left(80));
    return recordFile(session, documentId, fileName, type, BlobInfo {sha256, (*blob)->size()}, true);
}

Result<DocumentFile> DocumentService::recordFile(const Session &session, const QString &documentId,
                                                 const QString &fileName, const QString &type,
                                                 const BlobInfo &blob, bool reuseSame)
{
    auto tx = Transaction::begin(m_context.database);
    if (!tx)
        return tx.error();
    const QSqlDatabase &db = tx->connection();
    // On PostgreSQL the row lock serialises versions of one document; SQLite writers are serial anyway.
    auto locked
        = Sql::exec(db,
                    tx->isSqlite() ? QStringLiteral("SELECT id FROM document WHERE id = ?")
                                   : QStringLiteral("SELECT id FROM document WHERE id = ? FOR UPDATE"),
                    {documentId});
    if (!locked)
        return locked.error();
    if (!locked->next())
        return noSuchDocument(documentId);
    locked->finish();

    if (reuseSame) {
        auto newest = Sql::exec(db,
                                kFileColumns
                                    + QStringLiteral("WHERE document_id = ? AND name = ? ORDER BY version"
                                                     " DESC LIMIT 1"),
                                {documentId, fileName});
        if (!newest)
            return newest.error();
        if (newest->next()) {
            DocumentFile file = fileFrom(*newest);
            if (file.sha256 == blob.sha256)
                return file;
        }
    }

    const QDateTime now = m_context.clock.now().toUTC();
    const QString nowText = now.toString(Qt::ISODateWithMs);
    auto stored = Sql::exec(
        db,
        QStringLiteral("INSERT INTO blob (sha256, size, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING"),
        {blob.sha256, blob.size, nowText});
    if (!stored)
        return stored.error();
    auto latest = Sql::scalar(
        db,
        QStringLiteral(
            "SELECT COALESCE(MAX(version), 0) FROM document_file WHERE document_id = ? AND name = ?"),
        {documentId, fileName});
    if (!latest)
        return latest.error();

    DocumentFile file;
    file.id = Ids::create(now);
    file.documentId = documentId;
    file.name = fileName;
    file.version = latest->toInt() + 1;
    file.sha256 = blob.sha256;
    file.mediaType = type;
    file.size = blob.size;
    file.addedAt = now;
    file.addedBy = session.userId;
    auto inserted = Sql::exec(
        db,
        QStringLiteral("INSERT INTO document_file (id, document_id, name, version, sha256, media_type, size,"
                       " added_at, added_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        {file.id, file.documentId, file.name, file.version, file.sha256, file.mediaType, file.size, nowText,
         file.addedBy});
    if (!inserted)
        return inserted.error();
    DMS_TRY(AuditJournal::append(*tx, session.login, now,
                                 AuditEvent {QStringLiteral("document.file.add"),
                                             QStringLiteral("document"),
                                             documentId,
                                             {{QStringLiteral("fileId"), file.id},
                                              {QStringLiteral("name"), journalFileName(file.name)},
                                              {QStringLiteral("version"), file.version},
                                              {QStringLiteral("sha256"), file.sha256},
                                              {QStringLiteral("size"), file.size},
                                              {QStringLiteral("mediaType"), file.mediaType}}}));
    DMS_TRY(tx->commit());
    return file;
}

Result<QList<DocumentFile>> DocumentService::files(const Session &session, const QString &documentId)
{
    auto db = m_context.database.connection();
    if (!db)
        return db.error();
    DMS_TRY(requireReadable(session, *db, documentId));
    return filesOf(*db, documentId);
}

Result<std::unique_ptr<QIODevice>> DocumentService::openFile(const Session &session, const QString &fileId)
{
    DMS_TRY(session.require(Permission::ReadDocuments));
    const Error noSuchFile = makeError(ErrorCode::NotFound, Tr::tr("No such file."), fileId.left(80));
    if (!Ids::isValid(fileId))
        return noSuchFile;
    auto db = m_context.database.connection();
    if (!db)
        return db.error();
    auto row = Sql::exec(*db,
                         QStringLiteral("SELECT f.document_id, f.sha256, f.size FROM document_file f"
                                        " WHERE f.id = ?"),
                         {fileId});
    if (!row)
        return row.error();
    if (!row->next())
        return noSuchFile;
    const QString documentId = row->value(0).toString();
    const QString sha256 = row->value(1).toString();
    const qint64 size = row->value(2).toLongLong();
    row->finish();
    DMS_TRY(requireReadable(session, *db, documentId));
    auto file = m_blobs.open(sha256);
    if (!file)
        return file.error();
    if ((*file)->size() != size)
        return makeError(ErrorCode::Corrupt, Tr::tr("A stored file is damaged."), sha256);
    return std::unique_ptr<QIODevice>(std::move(*file));
}

Status DocumentService::setText(const Session &session, const QString &documentId, const QString &text)
{
    DMS_TRY(requireWrite(session));
    if (text.size() > RegistrationService::kMaxTextLength)
        return makeError(ErrorCode::InvalidInput, Tr::tr("The document text is too long."));
    if (!Ids::isValid(documentId))
        return noSuchDocument(documentId);

    auto tx = Transaction::begin(m_context.database);
    if (!tx)
        return tx.error();
    const QSqlDatabase &db = tx->connection();
    auto updated = Sql::exec(db, QStringLiteral("UPDATE document SET full_text = ? WHERE id = ?"),
                             {Sql::textOrNull(text), documentId});
    if (!updated)
        return updated.error();
    if (updated->numRowsAffected() == 0)
        return noSuchDocument(documentId);
    DMS_TRY(DocumentTextIndex::reindex(*tx, documentId));
    const QDateTime now = m_context.clock.now().toUTC();
    DMS_TRY(AuditJournal::append(*tx, session.login, now,
                                 AuditEvent {QStringLiteral("document.text.set"),
                                             QStringLiteral("document"),
                                             documentId,
                                             {{QStringLiteral("length"), int(text.size())}}}));
    return tx->commit();
}

Status DocumentService::setExtractedText(const Session &session, const QString &fileId, const QString &text)
{
    DMS_TRY(requireWrite(session));
    if (text.size() > RegistrationService::kMaxTextLength)
        return makeError(ErrorCode::InvalidInput, Tr::tr("The document text is too long."));
    const Error noSuchFile = makeError(ErrorCode::NotFound, Tr::tr("No such file."), fileId.left(80));
    if (!Ids::isValid(fileId))
        return noSuchFile;

    auto tx = Transaction::begin(m_context.database);
    if (!tx)
        return tx.error();
    auto row = Sql::exec(tx->connection(),
                         QStringLiteral("SELECT document_id FROM document_file WHERE id = ?"), {fileId});
    if (!row)
        return row.error();
    if (!row->next())
        return noSuchFile;
    const QString documentId = row->value(0).toString();
    row->finish();

    const QDateTime now = m_context.clock.now().toUTC();
    DMS_TRY(DocumentTextIndex::setFileText(*tx, fileId, text, now.toString(Qt::ISODateWithMs)));
    DMS_TRY(DocumentTextIndex::reindex(*tx, documentId));
    DMS_TRY(AuditJournal::append(
        *tx, session.login, now,
        AuditEvent {QStringLiteral("document.file.text.set"),
                    QStringLiteral("document"),
                    documentId,
                    {{QStringLiteral("fileId"), fileId}, {QStringLiteral("length"), int(text.size())}}}));
    return tx->commit();
}

} // namespace dms
