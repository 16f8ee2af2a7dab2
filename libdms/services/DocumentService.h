// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "access/Session.h"
#include "core/Result.h"
#include "domain/DocumentDetails.h"
#include "domain/DocumentFile.h"

#include <QList>
#include <QString>

#include <memory>

class QIODevice;

namespace dms {

class BlobStore;
struct BlobInfo;
struct ServiceContext;

/** Registered documents after registration: reading them with their files,
 *  attaching files (scans, originals, attachments) and setting their text.
 *
 *  Reading needs ReadDocuments; documents with access level "restricted" also
 *  need ReadRestricted (PermissionDenied otherwise). Adding files and setting
 *  the text need RegisterDocument or ManageCases; they write, never reveal, so
 *  a clerk may attach the scan of a restricted document he registered. Every
 *  change is journalled with file name, size and SHA-256, never with content.
 *  An unknown document or file is NotFound. Thread-safe: each call uses the
 *  calling thread's connection; the BlobStore must outlive the service. */
class DocumentService
{
public:
    DocumentService(ServiceContext &context, BlobStore &blobs);

    /** The document with its registration and every version of its files. */
    Result<DocumentDetails> get(const Session &session, const QString &documentId);

    /** Stores the bytes readable from `content` (until its end) and attaches them
     *  under `name`: the first file of that name is version 1, each further one
     *  the next version. The name is trimmed and NFC-normalised, then checked
     *  (see normalizedFileName()); an empty media type means
     *  "application/octet-stream". The bytes are stored before the transaction,
     *  so a failed call may leave an unreferenced blob, never a dangling row. */
    Result<DocumentFile> addFile(const Session &session, const QString &documentId, const QString &name,
                                 const QString &mediaType, QIODevice &content);

    /** Attaches a blob already in the store (uploaded by a desk, see docs/sync.md)
     *  under `name`, as addFile() does, without copying it. NotFound when the
     *  store does not hold `sha256`. When the newest version of that name already
     *  has these bytes, that version is returned and nothing changes, so that a
     *  file sent twice is one version. */
    Result<DocumentFile> addStoredFile(const Session &session, const QString &documentId, const QString &name,
                                       const QString &mediaType, const QString &sha256);

    /** Every version of every file of the document, by name and then version. */
    Result<QList<DocumentFile>> files(const Session &session, const QString &documentId);

    /** The bytes of one file version, opened for reading; Corrupt when the stored
     *  blob does not have the recorded size. */
    Result<std::unique_ptr<QIODevice>> openFile(const Session &session, const QString &fileId);

    /** Replaces the document's text (typed, extracted or OCR; empty clears it)
     *  and re-indexes the document so that the text becomes searchable. */
    Status setText(const Session &session, const QString &documentId, const QString &text);

    /** Stores the text extracted from one file version (OCR of a scan, a PDF's
     *  text; empty removes it) and re-indexes its document, so the document is
     *  found by the words of the newest version of each of its files as well as
     *  by its own text. Same permissions and length limit as setText(). */
    Status setExtractedText(const Session &session, const QString &fileId, const QString &text);

    /** A file name as stored (trimmed, NFC), or InvalidInput when it is empty,
     *  longer than kMaxFileNameLength characters, "." or "..", or holds a path
     *  separator, a control character, a line separator or a bidirectional
     *  override. */
    static Result<QString> normalizedFileName(const QString &name);
    /** A media type as stored ("type/subtype", lower case), "application/octet-stream"
     *  for an empty one, InvalidInput for anything else. */
    static Result<QString> normalizedMediaType(const QString &mediaType);

    static constexpr int kMaxFileNameLength = 255;

private:
    /** The checks of addFile() that need no bytes: permission, name, type, document. */
    Status checkNewFile(const Session &session, const QString &documentId, const QString &name,
                        const QString &mediaType, QString *fileName, QString *type);
    /** Records a stored blob as the next version of `fileName`; with `reuseSame`
     *  the newest version is returned unchanged when it has the same bytes. */
    Result<DocumentFile> recordFile(const Session &session, const QString &documentId,
                                    const QString &fileName, const QString &type, const BlobInfo &blob,
                                    bool reuseSame);

    ServiceContext &m_context;
    BlobStore &m_blobs;
};

} // namespace dms
