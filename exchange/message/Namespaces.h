// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace dms::exchange::ns {

/** The XML namespaces of the protocol. */
inline constexpr const char *messaging = "http://schemas.egov.bg/messaging/v1";
inline constexpr const char *documentUri = "http://ereg.egov.bg/segment/0009-000001";
inline constexpr const char *xmldsig = "http://www.w3.org/2000/09/xmldsig#";
inline constexpr const char *soapEnvelope = "http://schemas.xmlsoap.org/soap/envelope/";
inline constexpr const char *endpoint = "http://services.egov.bg/messaging/";
inline constexpr const char *xsi = "http://www.w3.org/2001/XMLSchema-instance";

} // namespace dms::exchange::ns
