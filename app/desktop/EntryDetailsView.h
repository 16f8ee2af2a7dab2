// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "search/SearchService.h"

#include <QHash>
#include <QTextBrowser>
#include <QTimeZone>

#include <memory>
#include <optional>

namespace dms {

class DeskExchange;
class DeskReader;

/** The detail pane: an entry's registration data, its annulment if any, and its
 *  history as this desk knows it (received on the desk, registered, annulled),
 *  read from the desk's replica (a few indexed queries per entry), and where it
 *  was sent by СЕОС with the recipients' answers (setExchange()). */
class EntryDetailsView : public QTextBrowser
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EntryDetailsView)

public:
    EntryDetailsView(DeskReader &reader, const QTimeZone &timeZone, QWidget *parent = nullptr);
    ~EntryDetailsView() override;

    /** Shows an entry, or a hint when there is none. */
    void showEntry(const std::optional<DocumentSummary> &entry);
    /** Forgets cached register names (after a sign-in or a change). */
    void clearCache();
    /** Shows the СЕОС statuses of the entries it reads (null: none). */
    void setExchange(std::shared_ptr<DeskExchange> exchange) { m_exchange = std::move(exchange); }

private:
    QString registerName(const QString &registerId);
    QString localTime(const QDateTime &utc) const;

    DeskReader &m_reader;
    QTimeZone m_timeZone;
    QHash<QString, QString> m_registerNames;
    std::shared_ptr<DeskExchange> m_exchange;
};

} // namespace dms
