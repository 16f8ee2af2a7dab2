// SPDX-License-Identifier: GPL-3.0-or-later
#include "EntryFilesView.h"

#include "desk/DeskConnection.h"
#include "document/DocumentView.h"
#include "document/SignaturePanel.h"

#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QSplitter>
#include <QVBoxLayout>

#include <algorithm>

namespace dms {

EntryFilesView::EntryFilesView(DeskConnection &desk, const CadesVerifier &verifier, QWidget *parent)
    : QWidget(parent)
    , m_desk(desk)
{
    setObjectName(QStringLiteral("entryFiles"));
    m_list = new QListWidget(this);
    m_list->setProperty("stale", true);
    m_list->setObjectName(QStringLiteral("entryFileList"));
    m_list->setMaximumHeight(6 * fontMetrics().height());
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("entryFileStatus"));
    m_status->setWordWrap(true);
    m_document = new DocumentView(this);
    m_signatures = new SignaturePanel(verifier, this);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_document);
    splitter->addWidget(m_signatures);
    splitter->setStretchFactor(0, 4);
    splitter->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_list);
    layout->addWidget(m_status);
    layout->addWidget(splitter, 1);
    connect(m_list, &QListWidget::currentRowChanged, this, &EntryFilesView::showFile);
    connect(&m_desk, &DeskConnection::fileFetched, this, &EntryFilesView::fileFetched);
    showEntry({});
}

EntryFilesView::~EntryFilesView() = default;

QString EntryFilesView::statusText() const
{
    return m_status->isHidden() ? QString() : m_status->text();
}

void EntryFilesView::showEntry(const QString &registrationId)
{
    QList<DeskFile> files;
    if (!registrationId.isEmpty()) {
        auto listed = m_desk.reader().files(registrationId);
        if (listed)
            files = *listed;
    }
    // Called again as changes arrive: the preview stays unless the files changed.
    const auto same = [](const DeskFile &a, const DeskFile &b) {
        return a.sha256 == b.sha256 && a.version == b.version && a.pending == b.pending;
    };
    if (registrationId == m_registrationId && !m_list->property("stale").toBool()
        && std::equal(files.cbegin(), files.cend(), m_files.cbegin(), m_files.cend(), same))
        return;
    m_list->setProperty("stale", false);
    m_registrationId = registrationId;
    m_waitingFor.clear();
    m_files = files;
    const QSignalBlocker blocker(m_list);
    m_list->clear();
    for (const DeskFile &file : std::as_const(m_files)) {
        const QString size = QLocale().formattedDataSize(file.size);
        m_list->addItem(file.pending ? tr("%1 (%2, not yet sent)").arg(file.name, size)
                                     : tr("%1, version %2 (%3)").arg(file.name).arg(file.version).arg(size));
    }
    if (m_files.isEmpty()) {
        m_document->clear();
        m_status->setText(tr("No files."));
        m_status->show();
        return;
    }
    m_list->setCurrentRow(int(m_files.size()) - 1);
    showFile(int(m_files.size()) - 1);
}

void EntryFilesView::showFile(int row)
{
    if (row < 0 || row >= m_files.size())
        return;
    const DeskFile &file = m_files.at(row);
    const QString local = m_desk.engine() ? m_desk.engine()->localFile(file.sha256) : QString();
    if (!local.isEmpty()) {
        m_waitingFor.clear();
        open(local);
        return;
    }
    m_document->clear();
    if (!m_desk.engine()) {
        m_status->setText(tr("Sign in to see the file."));
        m_status->show();
        return;
    }
    m_waitingFor = file.sha256;
    m_status->setText(tr("Fetching the file from the office…"));
    m_status->show();
    m_desk.engine()->requestFile(file.sha256);
}

void EntryFilesView::fileFetched(const QString &sha256, const QString &error)
{
    if (sha256 != m_waitingFor)
        return;
    m_waitingFor.clear();
    if (!error.isEmpty()) {
        m_status->setText(tr("The file cannot be shown: %1").arg(error));
        m_status->show();
        return;
    }
    open(m_desk.engine()->localFile(sha256));
}

void EntryFilesView::open(const QString &path)
{
    const Status opened = m_document->open(path);
    if (!opened) {
        m_status->setText(tr("The file cannot be shown: %1").arg(opened.error().message));
        m_status->show();
        return;
    }
    m_status->hide();
    m_signatures->verify(path);
}

} // namespace dms
