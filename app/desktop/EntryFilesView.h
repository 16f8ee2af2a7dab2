// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "desk/DeskReader.h"

#include <QList>
#include <QWidget>

class QLabel;
class QListWidget;

namespace dms {

class CadesVerifier;
class DeskConnection;
class DocumentView;
class SignaturePanel;

/** The files of the selected entry (DeskReader::files: the office's versions
 *  and those still queued on this desk) with a preview of the chosen one
 *  (DocumentView) and its signatures (SignaturePanel, verified on a worker).
 *  The desk's own copy is shown at once; a file it does not have is fetched by
 *  hash through the sync worker (SyncEngine::requestFile) and shown when it
 *  arrives, or the reason it cannot be shown. */
class EntryFilesView : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EntryFilesView)

public:
    /** @p verifier must outlive the view; @p desk too. */
    EntryFilesView(DeskConnection &desk, const CadesVerifier &verifier, QWidget *parent = nullptr);
    ~EntryFilesView() override;

    /** Lists the files of an entry (empty id: none) and shows the newest. */
    void showEntry(const QString &registrationId);
    const QList<DeskFile> &files() const { return m_files; }
    DocumentView *documentView() const { return m_document; }
    SignaturePanel *signaturePanel() const { return m_signatures; }
    /** What the view says instead of a preview (no files, fetching, an error); empty when showing one. */
    QString statusText() const;

private:
    void showFile(int row);
    void fileFetched(const QString &sha256, const QString &error);
    void open(const QString &path);

    DeskConnection &m_desk;
    QString m_registrationId;
    QList<DeskFile> m_files;
    QString m_waitingFor; ///< the hash being fetched for the preview

    QListWidget *m_list = nullptr;
    QLabel *m_status = nullptr;
    DocumentView *m_document = nullptr;
    SignaturePanel *m_signatures = nullptr;
};

} // namespace dms
