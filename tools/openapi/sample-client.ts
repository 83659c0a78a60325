// A small client written only against the types openapi-typescript generates from the gateway's document
// (generated/hallplatform.d.ts). check.sh compiles it with tsc --strict: if the contract changes shape in a way a
// client would notice (a field renamed, a number typed as text, an error without the problem schema), this stops
// compiling.
import type { components, operations, paths } from "./generated/hallplatform";

type Schemas = components["schemas"];
export type Problem = Schemas["Problem"];
export type CheckInRequest = Schemas["CheckInRequest"];
export type Visit = Schemas["VisitResponse"];
export type TroubleTicketPage = Schemas["ResultPageOfTroubleTicketResponse"];
export type TicketStatus = Schemas["TroubleTicketResponse"]["status"];
export type ListTicketsQuery = NonNullable<operations["ListTroubleTickets"]["parameters"]["query"]>;

/** What a call gives back: the typed body of a success, or the RFC 9457 problem. */
export type Answer<T> = { ok: true; status: number; value: T; location?: string } | { ok: false; problem: Problem };

export class HallPlatformClient {
  constructor(
    private readonly baseUrl: string,
    private readonly bearerToken?: string,
  ) {}

  /** POST /api/v1/visits: 201 with Location for a new visit, 200 for a retry with the same Idempotency-Key. */
  async checkIn(request: CheckInRequest, idempotencyKey?: string): Promise<Answer<Visit>> {
    const path: keyof paths = "/api/v1/visits";
    const headers: Record<string, string> = { "Content-Type": "application/json" };
    if (idempotencyKey !== undefined) {
      headers["Idempotency-Key"] = idempotencyKey;
    }
    const response = await fetch(this.baseUrl + path, { method: "POST", headers, body: JSON.stringify(request) });
    const answer = await this.read<Visit>(response);
    if (answer.ok && response.status === 201) {
      return { ...answer, location: response.headers.get("Location") ?? undefined };
    }
    return answer;
  }

  /** GET /api/v1/trouble-tickets, one page. */
  async listTickets(query: ListTicketsQuery): Promise<Answer<TroubleTicketPage>> {
    const path: keyof paths = "/api/v1/trouble-tickets";
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) {
      if (value !== undefined && value !== null) {
        search.set(name, String(value));
      }
    }
    const response = await fetch(`${this.baseUrl}${path}?${search.toString()}`, { headers: this.authorization() });
    return this.read<TroubleTicketPage>(response);
  }

  /** Every ticket with the status, page after page until `total` is reached. */
  async allTickets(status: TicketStatus): Promise<Schemas["TroubleTicketResponse"][]> {
    const tickets: Schemas["TroubleTicketResponse"][] = [];
    for (let page = 1; ; page++) {
      const answer = await this.listTickets({ status, page, pageSize: 100 });
      if (!answer.ok) {
        throw new Error(describe(answer.problem));
      }
      tickets.push(...answer.value.items);
      // page, pageSize and total are numbers in the contract: arithmetic needs no parsing.
      if (answer.value.page * answer.value.pageSize >= answer.value.total) {
        return tickets;
      }
    }
  }

  private authorization(): Record<string, string> {
    return this.bearerToken === undefined ? {} : { Authorization: `Bearer ${this.bearerToken}` };
  }

  private async read<T>(response: Response): Promise<Answer<T>> {
    if (response.ok) {
      return { ok: true, status: response.status, value: (await response.json()) as T };
    }
    return { ok: false, problem: (await response.json()) as Problem };
  }
}

/** A problem for people and for code: the type URN decides, the traceId goes into the support ticket. */
export function describe(problem: Problem): string {
  switch (problem.type) {
    case "urn:hallplatform:problem:validation": {
      const fields = Object.entries(problem.errors ?? {}).map(([field, messages]) => `${field}: ${messages.join(" ")}`);
      return `Invalid input (${fields.join("; ")}), trace ${problem.traceId}`;
    }
    case "urn:hallplatform:problem:rate-limited":
      return `Too many requests, retry later (trace ${problem.traceId})`;
    default:
      return `${problem.status} ${problem.title}: ${problem.detail ?? ""} (trace ${problem.traceId})`;
  }
}

export async function example(client: HallPlatformClient): Promise<void> {
  const visit = await client.checkIn(
    { hallId: "hall-001", customerName: "Zhang San", customerPhone: "13812345678", serviceType: "billing", channel: "kiosk" },
    crypto.randomUUID(),
  );
  if (visit.ok) {
    const wait: number = visit.value.estimatedWaitSeconds ?? 0;
    console.log(`Ticket ${visit.value.ticketNumber}, about ${Math.ceil(wait / 60)} min, at ${visit.location ?? "?"}`);
  } else {
    console.log(describe(visit.problem));
  }
  const open = await client.allTickets("acknowledged");
  console.log(`${open.length} acknowledged tickets`);
}
