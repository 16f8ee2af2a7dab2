// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "eservices/ServiceApplication.h"

#include <QJsonObject>

namespace dms {

/** Reads an application from the portal's JSON:
 *
 *      {"clientReference":"…","service":"<ИИСДА number>","subject":"…",
 *       "applicant":{"kind":"citizen","egn":"…","name":"…","email":"…"}
 *                 | {"kind":"company","eik":"…","name":"…","email":"…"},
 *       "attachments":[{"type":"…","name":"…","mediaType":"…",
 *                       "content":"<base64>","signature":"<base64 .p7s>"}]}
 *
 *  Every failure is InvalidInput whose detail is the offending field, e.g.
 *  "applicant.egn" or "attachments[1].content". ЕГН and ЕИК are checked here
 *  (their values never appear in errors). */
class ApplicationRequestParser
{
public:
    static Result<ApplicationRequest> parse(const QJsonObject &json);

    static constexpr int kMaxReferenceLength = 200;
    static constexpr int kMaxSubjectLength = 1000;
    static constexpr int kMaxNameLength = 500;
    static constexpr int kMaxAttachments = 50;
};

} // namespace dms
