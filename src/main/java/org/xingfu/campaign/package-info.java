/**
 * 码上行动, generalised: campaigns (screening, vaccination, census, heating checks, evacuation, app registration
 * drives) over a target area and population fixed at creation; a status per person (done, absent, refused, exempt);
 * sites where residents check in with their personal QR code (shown on their phone, scanned by staff in the browser
 * or typed), verified against the target, with the campaign's fields, once per person however often scanned; live
 * progress by building and unit and the missing list per grid; command dispatch to the grid workers of an area with
 * acknowledgements.
 */
@org.springframework.modulith.ApplicationModule(displayName = "码上行动 Campaigns")
package org.xingfu.campaign;
