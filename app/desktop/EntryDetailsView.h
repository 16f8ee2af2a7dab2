// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "search/SearchService.h"

#include <QHash>
#include <QTextBrowser>

#include <optional>

namespace dms {

struct ServiceContext;
struct Registration;

/** The detail pane: an entry's registration data, its annulment if any, and its
 *  history from the audit journal. Reads through the services on the GUI
 *  thread (a handful of indexed queries per entry). */
class EntryDetailsView : public QTextBrowser
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EntryDetailsView)

public:
    explicit EntryDetailsView(ServiceContext &context, QWidget *parent = nullptr);
    ~EntryDetailsView() override;

    /** Shows an entry, or a hint when there is none. */
    void showEntry(const std::optional<DocumentSummary> &entry);
    /** Forgets cached user and register names (after a sign-in or a change). */
    void clearCache();

private:
    QString userName(const QString &idOrLogin);
    QString registerName(const QString &registerId);
    QString historyHtml(const QString &entity, const QString &entityId);
    QString describe(const QString &action, const QJsonObject &details) const;
    QString localTime(const QDateTime &utc) const;

    ServiceContext &m_context;
    QHash<QString, QString> m_userNames; ///< by id and by login
    QHash<QString, QString> m_registerNames;
};

} // namespace dms
